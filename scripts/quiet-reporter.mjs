// node:test reporter for `npm test`: one line per test (✔ / ✖ / ﹣ skipped or todo, indented by
// nesting, with its duration) and the failures' details, but what the test files print — the
// servers' request logs, the emulator's lines — only for the files that had a failure, after the
// results, so a green run stays readable and a red one keeps its evidence.
import { relative } from 'node:path';

const root = process.cwd();
const name = (file) => (file ? relative(root, file) : '(unknown file)');

function errorText(error) {
  const cause = error?.cause ?? error;
  const message = cause?.message ?? String(cause);
  const stack = typeof cause?.stack === 'string' ? cause.stack.split('\n').slice(1, 6).join('\n') : '';
  const diff =
    cause && 'expected' in cause && 'actual' in cause
      ? `\n  expected: ${JSON.stringify(cause.expected)?.slice(0, 500)}\n  actual:   ${JSON.stringify(cause.actual)?.slice(0, 500)}`
      : '';
  return `${message}${diff}${stack ? `\n${stack}` : ''}`;
}

export default async function* quietReporter(source) {
  const output = new Map(); // file → captured stdout/stderr
  const failedFiles = new Set();
  const diagnostics = [];
  for await (const event of source) {
    const { data } = event;
    switch (event.type) {
      case 'test:stdout':
      case 'test:stderr': {
        const file = name(data.file);
        output.set(file, (output.get(file) ?? '') + data.message);
        break;
      }
      case 'test:pass':
      case 'test:fail': {
        const indent = '  '.repeat(data.nesting);
        const ms = data.details?.duration_ms === undefined ? '' : ` (${Math.round(data.details.duration_ms)} ms)`;
        if (data.skip !== undefined || data.todo !== undefined) {
          yield `${indent}﹣ ${data.name} # ${data.todo !== undefined ? 'TODO' : 'SKIP'}${typeof (data.todo ?? data.skip) === 'string' ? ` ${data.todo ?? data.skip}` : ''}\n`;
          break;
        }
        if (event.type === 'test:pass') {
          yield `${indent}✔ ${data.name}${ms}\n`;
          break;
        }
        failedFiles.add(name(data.file));
        const error = data.details?.error;
        // A suite failing only because a test inside failed: that test already said why.
        const where = data.nesting === 0 ? ` — ${name(data.file)}` : '';
        if (error?.failureType === 'subtestsFailed') yield `${indent}✖ ${data.name}${ms}${where}\n`;
        else
          yield `${indent}✖ ${data.name}${ms}${where}\n${errorText(error)
            .split('\n')
            .map((line) => `${indent}    ${line}`)
            .join('\n')}\n`;
        break;
      }
      case 'test:diagnostic':
        if (data.nesting === 0) diagnostics.push(data.message);
        break;
      default:
        break;
    }
  }
  for (const file of failedFiles) {
    const text = output.get(file);
    if (text) yield `\n── output of ${file} (it had a failure) ──\n${text}${text.endsWith('\n') ? '' : '\n'}`;
  }
  if (diagnostics.length > 0) yield `\n${diagnostics.join('\n')}\n`;
}

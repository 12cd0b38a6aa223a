// Whether dist/ is up to date with its sources, so `npm test -- FILTER` and `npm start` can skip
// the build. The build's inputs, conservatively: every file of the repository outside the tests,
// the docs, the build output and the dependencies (so every source, every rollup config,
// package.json and its lock, tsconfig.json, scripts/build). Markdown is not an input.
// Fresh = the last build succeeded, started after every input's last change, and saw the same
// input files (an added or deleted file makes it stale too).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const NOT_INPUTS = new Set([
  '.git',
  'node_modules',
  'dist',
  'test',
  'docs',
  '.data',
  '.wrangler',
  'test-results',
  '.ci',
]);

function inputFiles(root, dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (dir === root && NOT_INPUTS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') inputFiles(root, path, out);
    } else if (entry.isFile() && !entry.name.endsWith('.md')) out.push(relative(root, path));
  }
  return out;
}

/** The build's input files now and their newest modification time. */
export function inputState(root) {
  const files = inputFiles(root, root, []).sort();
  const newest = Math.max(0, ...files.map((f) => statSync(join(root, f)).mtimeMs));
  return { files, newest };
}

const stampOf = (root) => join(root, 'dist', '.build-stamp.json');

export function buildIsFresh(root, state = inputState(root)) {
  if (!existsSync(stampOf(root))) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampOf(root), 'utf8'));
    return stamp.startedAt >= state.newest && JSON.stringify(stamp.files) === JSON.stringify(state.files);
  } catch {
    return false;
  }
}

/** Before a build: forget the last one (a failed build leaves no stamp). */
export function forgetBuild(root) {
  rmSync(stampOf(root), { force: true });
}

/** After a successful build that started at `startedAt` with these inputs. */
export function recordBuild(root, state, startedAt) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(stampOf(root), JSON.stringify({ startedAt, files: state.files }));
}

/**
 * npm test's reporter (scripts/quiet-reporter.mjs): a line per test, and what a test file prints
 * (server logs) only when that file had a failure — with the failure's reason and the file's name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('logs of passing files are held back; a failing file shows its logs, its reason and its name', () => {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=./scripts/quiet-reporter.mjs',
      'test/tooling/fixtures/quiet-pass.fixture.ts',
      'test/tooling/fixtures/quiet-fail.fixture.ts',
    ],
    // Without NODE_TEST_CONTEXT (set by the runner around us), the child is a runner of its own.
    { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_TEST_CONTEXT: undefined } },
  );
  const out = run.stdout;
  assert.match(out, /✔ passes and logs \(\d+ ms\)/);
  assert.match(out, /✖ logs and fails \(\d+ ms\) — test\/tooling\/fixtures\/quiet-fail\.fixture\.ts/);
  assert.match(out, /2 !== 3/);
  assert.doesNotMatch(out, /LOG-OF-A-PASSING-FILE/);
  assert.match(
    out,
    /── output of test\/tooling\/fixtures\/quiet-fail\.fixture\.ts \(it had a failure\) ──\nLOG-OF-A-FAILING-FILE/,
  );
});

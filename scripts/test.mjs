#!/usr/bin/env node
// Runs every suite of the project and ends with one line `N passed, N failed`:
// the type check, lint (ESLint + Prettier), the build (size budgets), the component tests
// (test/components/**/*.test.tsx: the widget's Preact views in the browser with @web/test-runner),
// then every test/**/*.test.ts file with node:test (browser tests inside them drive the installed
// Chrome, Chromium or Edge through playwright-core; as root on Debian/Ubuntu, Debian's chromium is
// installed first when there is none). Tests are counted one by one, in both runners.
// `npm test -- FILTER…` runs the test files whose path contains a filter, skips the type check,
// and builds only when the build is stale (scripts/build/freshness.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsFresh, forgetBuild, inputState, recordBuild } from './build/freshness.mjs';
import { ensureBrowser } from './find-browser.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);
let passed = 0;
let failed = 0;

function step(name, command, args) {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status === 0) passed += 1;
  else {
    failed += 1;
    console.log(`✖ ${name} failed`);
  }
  return result.status === 0;
}

function testFiles(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...testFiles(path, suffix));
    else if (name.endsWith(suffix)) out.push(relative(root, path));
  }
  return out.sort();
}

/** Adds the counts a runner wrote to `summary` (`{ passed, failed }`); a missing summary is one failure. */
function addCounts(summary, runner) {
  if (existsSync(summary)) {
    const counts = JSON.parse(readFileSync(summary, 'utf8'));
    passed += counts.passed;
    failed += counts.failed;
  } else {
    console.log(`✖ ${runner} wrote no summary`);
    failed += 1;
  }
}

const browser = ensureBrowser();
if (!browser.path) {
  console.error(browser.message);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}

const wanted = (f) => filters.length === 0 || filters.some((x) => f.includes(x));
const files = testFiles(join(root, 'test'), '.test.ts').filter(wanted);
const componentFiles = testFiles(join(root, 'test', 'components'), '.test.tsx').filter(wanted);
if (filters.length === 0) {
  step('type check (tsc --noEmit)', 'npx', ['tsc', '--noEmit', '-p', '.']);
  step('lint (eslint, prettier --check)', 'npm', ['run', '--silent', 'lint']);
}
let built = true;
const inputs = inputState(root);
if (filters.length > 0 && buildIsFresh(root, inputs)) {
  console.log('\n▶ build: up to date (no source or config changed since the last build)');
} else {
  forgetBuild(root);
  const startedAt = Date.now();
  built = step('build (rollup, with size budgets)', 'npx', ['rollup', '-c', '--silent']);
  if (built) recordBuild(root, inputs, startedAt);
}

if (componentFiles.length > 0) {
  const summary = join(root, 'dist', 'component-test-summary.json');
  rmSync(summary, { force: true });
  console.log(`\n▶ @web/test-runner (${componentFiles.length} files)`);
  spawnSync(
    'npx',
    [
      'web-test-runner',
      '--config',
      'test/components/web-test-runner.config.mjs',
      '--static-logging',
      '--files',
      ...componentFiles,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, CHROME_PATH: browser.path, WTR_SUMMARY: summary } },
  );
  addCounts(summary, '@web/test-runner');
}

if (built && files.length > 0) {
  const summary = join(root, 'dist', 'test-summary.json');
  rmSync(summary, { force: true });
  console.log(`\n▶ node:test (${files.length} files)`);
  spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-timeout=120000',
      // One line per test; what the files print (server logs…) only for files with a failure.
      '--test-reporter=./scripts/quiet-reporter.mjs',
      '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/count-reporter.mjs',
      `--test-reporter-destination=${summary}`,
      ...files,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        FORCE_COLOR: process.env.FORCE_COLOR ?? '0',
        // Node's "ExperimentalWarning: … is an experimental feature" lines, in every test process.
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --disable-warning=ExperimentalWarning`.trim(),
      },
    },
  );
  addCounts(summary, 'the node:test runner');
} else if (!built) {
  console.log('✖ tests not run: the build failed');
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

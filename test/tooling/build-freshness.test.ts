/** When `npm test -- FILTER` and `npm start` may skip the build (scripts/build/freshness.mjs). */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildIsFresh, forgetBuild, inputState, recordBuild } from '../../scripts/build/freshness.mjs';

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'fw-fresh-'));
  for (const dir of ['server', 'widget/ui', 'test', 'docs', 'node_modules/x', 'dist'])
    mkdirSync(join(root, dir), { recursive: true });
  for (const file of [
    'package.json',
    'rollup.config.mjs',
    'server/app.ts',
    'widget/ui/Form.tsx',
    'test/a.test.ts',
    'docs/x.md',
    'README.md',
    'node_modules/x/index.js',
  ]) {
    writeFileSync(join(root, file), file);
  }
  return root;
}

/** Sets a file's modification time `seconds` from now. */
function touch(root: string, file: string, seconds: number): void {
  const at = new Date(Date.now() + seconds * 1000);
  utimesSync(join(root, file), at, at);
}

function build(root: string): void {
  forgetBuild(root);
  recordBuild(root, inputState(root), Date.now());
}

test('no build yet: stale; after a build: fresh', () => {
  const root = project();
  try {
    assert.equal(buildIsFresh(root), false);
    build(root);
    assert.equal(buildIsFresh(root), true);
    assert.deepEqual(inputState(root).files, [
      'package.json',
      'rollup.config.mjs',
      'server/app.ts',
      'widget/ui/Form.tsx',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('any source or config changed after the build started: stale', () => {
  for (const file of ['server/app.ts', 'widget/ui/Form.tsx', 'rollup.config.mjs', 'package.json']) {
    const root = project();
    try {
      build(root);
      touch(root, file, 5);
      assert.equal(buildIsFresh(root), false, file);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});

test('a source added or deleted: stale; tests, docs, Markdown and dependencies changed: still fresh', () => {
  const root = project();
  try {
    build(root);
    for (const file of ['test/a.test.ts', 'docs/x.md', 'README.md', 'node_modules/x/index.js']) touch(root, file, 5);
    assert.equal(buildIsFresh(root), true);
    writeFileSync(join(root, 'server/new.ts'), '');
    touch(root, 'server/new.ts', -3600);
    assert.equal(buildIsFresh(root), false, 'added');
    build(root);
    rmSync(join(root, 'server/new.ts'));
    assert.equal(buildIsFresh(root), false, 'deleted');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a failed build (forgotten, never recorded): stale', () => {
  const root = project();
  try {
    build(root);
    forgetBuild(root);
    assert.equal(buildIsFresh(root), false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/**
 * The version lives in package.json only; CHANGELOG.md is kept: it has an "Unreleased" section
 * and one for the current version, and no code outside package.json spells a version out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../../server/version.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

test('CHANGELOG.md has an Unreleased section and one for package.json’s version', () => {
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  const headings = [...changelog.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  assert.equal(headings[0], 'Unreleased');
  assert.ok(headings.includes(version), `a "## ${version}" section`);
  assert.equal(VERSION, version, 'the server reads the version from package.json');
});

test('no source file spells out the version (it is read from package.json)', () => {
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|mjs|js)$/.test(name) && readFileSync(path, 'utf8').includes(`'${version}'`))
        offenders.push(path.slice(root.length));
    }
  };
  for (const part of ['loader', 'widget', 'server', 'emulator', 'contracts', 'scripts']) walk(join(root, part));
  assert.deepEqual(offenders, []);
});

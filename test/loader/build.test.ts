/**
 * The loader's build: a minified IIFE under the 2,048-byte gzip budget (the build itself fails
 * over budget), the declarations shipped beside it, and a source that keeps the CSP promises.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLoader } from './support.ts';
import { gzipSize } from '../../scripts/build/gzip-budget.mjs';

const out = await mkdtemp(join(tmpdir(), 'flex-webchat-build-'));
after(() => rm(out, { recursive: true, force: true }));

test('loader.js is at most 2,048 bytes gzipped', async () => {
  const code = await buildLoader(join(out, 'loader.js'));
  const size = gzipSize(code);
  console.log(`loader.js: ${Buffer.byteLength(code)} bytes, ${size} bytes gzipped`);
  assert.ok(size <= 2048, `${size} bytes gzipped`);
  assert.match(code, /^\(\(\)=>\{/, 'an IIFE: no globals but window.FlexWebchat');
});

test(
  'the built dist/public/loader.js (npm test builds it first) is within the budget too',
  { skip: !existsSync('dist/public/loader.js') },
  () => {
    const size = gzipSize(readFileSync('dist/public/loader.js'));
    assert.ok(size <= 2048, `${size} bytes gzipped`);
  },
);

test('the build fails, naming size and budget, when the loader is over budget', async () => {
  await assert.rejects(
    buildLoader(join(out, 'over.js'), 1000),
    /over\.js is \d+ bytes gzipped, over its budget of 1000 bytes/,
  );
});

test('flex-webchat.d.ts is shipped beside loader.js', async () => {
  await buildLoader(join(out, 'loader.js'));
  const shipped = await readFile(join(out, 'flex-webchat.d.ts'), 'utf8');
  assert.equal(shipped, readFileSync('loader/flex-webchat.d.ts', 'utf8'));
  assert.match(shipped, /FlexWebchat\?: FlexWebchatApi \| FlexWebchatCommand\[\]/);
});

// (style.cssText is the CSSOM, like style.setProperty: CSP's style-src governs style attributes in
// markup and setAttribute('style'), not the CSSOM; the strict-CSP browser tests record any violation.)
test('the loader source never uses innerHTML, <style> or style attributes', () => {
  const source = readFileSync('loader/loader.ts', 'utf8');
  for (const forbidden of [
    /innerHTML/,
    /outerHTML/,
    /insertAdjacentHTML/,
    /setAttribute\(\s*['"]style/,
    /createElement\(\s*['"]style/,
    /document\.write/,
    /eval\(/,
    /new Function/,
  ]) {
    assert.doesNotMatch(source, forbidden);
  }
  assert.doesNotMatch(source, /postMessage\([^)]*'\*'/, 'never a wildcard target origin');
});

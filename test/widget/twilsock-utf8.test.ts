/**
 * The build swaps twilsock's byte-by-byte UTF-8 helpers for TextEncoder / TextDecoder
 * (scripts/build/sdk-slim.mjs): the same results on the real twilsock source, invalid UTF-8
 * still refused, and a build that fails if the helpers move.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { TWILSOCK_UTF8_NATIVE, twilsockNativeUtf8 } from '../../scripts/build/sdk-slim.mjs';

interface Utf8 {
  byteLength(s: string): number;
  stringToUint8Array(s: string): Uint8Array;
  uint8ArrayToString(ua: Uint8Array): string;
}

const file = createRequire(import.meta.url).resolve('twilsock/builds/browser.js');
const source = readFileSync(file, 'utf8');
const original = /function byteLength\(s\) \{[\s\S]*?\n(?=function getJsonObject\()/.exec(source)?.[0] ?? '';
const helpers = (block: string): Utf8 => {
  const exported: unknown = runInNewContext(`${block}\n({ byteLength, stringToUint8Array, uint8ArrayToString })`, {
    TextEncoder,
    TextDecoder,
  });
  return exported as Utf8;
};

type Transform = (this: { error(message: string): never }, code: string, id: string) => { code: string } | null;
const transform = twilsockNativeUtf8().transform as unknown as Transform;
const context = {
  error(message: string): never {
    throw new Error(message);
  },
};

describe('twilsock on the native UTF-8 codec', () => {
  test('the same bytes, lengths and strings as twilsock’s own helpers', () => {
    assert.ok(original.includes('decodeURIComponent'), 'twilsock’s helpers found');
    const slow = helpers(original);
    const fast = helpers(TWILSOCK_UTF8_NATIVE);
    for (const text of ['', 'TWILSOCK V3.0 42\r\n{"method":"reply"}', 'héllo wörld ✓ 日本語 🎉 \u0000 \u007f \u00a0']) {
      assert.equal(fast.byteLength(text), slow.byteLength(text));
      assert.deepEqual([...fast.stringToUint8Array(text)], [...slow.stringToUint8Array(text)]);
      assert.equal(fast.uint8ArrayToString(slow.stringToUint8Array(text)), text);
    }
    const invalid = new Uint8Array([0x7b, 0xff, 0x7d]);
    assert.throws(() => slow.uint8ArrayToString(invalid));
    assert.throws(() => fast.uint8ArrayToString(invalid));
  });

  test('the build rewrites twilsock’s browser build, and fails if the helpers are gone', () => {
    const out = transform.call(context, source, file);
    assert.ok(out?.code.includes('new TextDecoder'));
    assert.ok(!out?.code.includes('decodeURIComponent(escstr)'));
    assert.equal(transform.call(context, 'x', '/some/other.js'), null);
    assert.throws(() => transform.call(context, 'var nothing;', file), /UTF-8 helpers were not found/);
  });
});

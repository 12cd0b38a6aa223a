/** base64url as JWTs write it (no padding), checked against Node's own encoder. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base64UrlDecode, base64UrlDecodeText, base64UrlEncode } from '../../server/tokens/base64url.ts';

const node = (data: string | Uint8Array): string => Buffer.from(data).toString('base64url');

test('strings are encoded as their UTF-8 bytes, ASCII or not', () => {
  for (const text of ['', 'a', 'ab', 'abc', '{"alg":"HS256"}', 'Zoë', '€ and 😀', '\u0000\u007f', '?>>']) {
    assert.equal(base64UrlEncode(text), node(text), JSON.stringify(text));
    assert.equal(new TextDecoder().decode(base64UrlDecode(base64UrlEncode(text))), text);
    assert.equal(base64UrlDecodeText(node(text)), text, `as text: ${JSON.stringify(text)}`);
  }
});

test('bytes of every value, and inputs longer than one slice of the encoder, round-trip', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.equal(base64UrlEncode(all), node(all));
  const long = Uint8Array.from({ length: 200_003 }, (_, i) => (i * 7919) % 256);
  assert.equal(base64UrlEncode(long), node(long));
  assert.deepEqual(base64UrlDecode(base64UrlEncode(long)), long);
  const longText = 'ü'.repeat(50_000);
  assert.equal(base64UrlEncode(longText), node(longText));
});

test('text that is not base64url is refused', () => {
  for (const text of ['a+b/', 'ab==', 'a b', 'é', 'abcde']) {
    assert.equal(base64UrlDecode(text), undefined, text);
    assert.equal(base64UrlDecodeText(text), undefined, text);
  }
});

/** The agent console's links in message text (emulator/console/link-parts.ts): http(s) only, punctuation left out. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkParts } from '../../emulator/console/link-parts.ts';

test('http and https URLs become links; the text around them stays text', () => {
  assert.deepEqual(linkParts('Track it at https://example.com/track?id=1 or http://shop.example/help'), [
    { text: 'Track it at ' },
    { text: 'https://example.com/track?id=1', href: 'https://example.com/track?id=1' },
    { text: ' or ' },
    { text: 'http://shop.example/help', href: 'http://shop.example/help' },
  ]);
  assert.deepEqual(linkParts('no links here'), [{ text: 'no links here' }]);
  assert.deepEqual(linkParts(''), []);
});

test('sentence punctuation after a URL is not part of it; brackets the URL opened are', () => {
  assert.deepEqual(linkParts('See https://example.com/a.'), [
    { text: 'See ' },
    { text: 'https://example.com/a', href: 'https://example.com/a' },
    { text: '.' },
  ]);
  assert.deepEqual(linkParts('(see https://example.com/b), thanks!'), [
    { text: '(see ' },
    { text: 'https://example.com/b', href: 'https://example.com/b' },
    { text: '), thanks!' },
  ]);
  assert.deepEqual(linkParts('https://en.wikipedia.org/wiki/Foo_(bar)'), [
    { text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' },
  ]);
});

test('nothing but absolute http(s) URLs links: javascript:, data:, bare hosts and markup stay text', () => {
  for (const text of [
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'www.example.com',
    'https://',
    '<a href="https://example.com">x</a> is <b>markup</b>',
  ]) {
    const parts = linkParts(text);
    for (const part of parts) if ('href' in part) assert.match(part.href, /^https?:\/\/[^/]/, text);
    assert.equal(parts.map((p) => p.text).join(''), text, 'every character is kept');
  }
  assert.deepEqual(
    linkParts('<a href="https://example.com">x</a>').filter((p) => 'href' in p),
    [{ text: 'https://example.com', href: 'https://example.com' }],
    'a URL inside markup links to the URL, the markup stays text',
  );
});

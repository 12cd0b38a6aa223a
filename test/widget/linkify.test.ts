import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linkify } from '../../widget/chat/linkify.ts';

describe('linkify', () => {
  test('plain text stays one text part', () => {
    assert.deepEqual(linkify('hello <b>world</b>'), [{ kind: 'text', text: 'hello <b>world</b>' }]);
  });

  test('http, https and mailto become links; trailing punctuation stays text', () => {
    assert.deepEqual(linkify('See https://example.com/a?b=1. Or http://x.org, or mailto:a@b.co!'), [
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: '. Or ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
      { kind: 'text', text: ', or ' },
      { kind: 'link', text: 'mailto:a@b.co', href: 'mailto:a@b.co' },
      { kind: 'text', text: '!' },
    ]);
  });

  test('bare e-mail addresses and www. hosts are linked', () => {
    const parts = linkify('write to help@example.com or visit www.example.com');
    assert.deepEqual(
      parts.filter((p) => p.kind === 'link').map((p) => (p.kind === 'link' ? p.href : '')),
      ['mailto:help@example.com', 'https://www.example.com/'],
    );
  });

  test('javascript:, data: and other schemes are never links', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ftp://example.com',
      'JaVaScRiPt:alert(1)',
    ]) {
      assert.ok(
        linkify(text).every((p) => p.kind === 'text'),
        text,
      );
    }
  });

  test('balanced parentheses stay in the URL', () => {
    const link = linkify('(see https://en.wikipedia.org/wiki/Foo_(bar))').find((p) => p.kind === 'link');
    assert.equal(link?.text, 'https://en.wikipedia.org/wiki/Foo_(bar)');
  });

  test('the text is preserved exactly', () => {
    const input = 'a https://x.y/z b mailto:q@r.st c';
    assert.equal(
      linkify(input)
        .map((p) => p.text)
        .join(''),
      input,
    );
  });
});

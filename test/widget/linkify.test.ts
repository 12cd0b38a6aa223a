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

  test('parses any text in linear time: adversarial 32 KB bodies take about 4 times as long as 8 KB ones, not 16', () => {
    // Twilio allows 32 KB bodies; the former regular expression was quadratic on these.
    const shapes: [string, (n: number) => string][] = [
      ['a.a.a.…', (n) => 'a.'.repeat(n / 2)],
      ['a@a@a@…', (n) => 'a@'.repeat(n / 2)],
      ['a.b@a.b@…', (n) => 'a.b@'.repeat(n / 4)],
      ['a@b.a@b.…', (n) => 'a@b.'.repeat(n / 4)],
      ['a-a-a-… then @', (n) => 'a-'.repeat(n / 2 - 2) + '@x.y'],
      ['http://x)))…', (n) => 'http://x' + ')'.repeat(n - 8)],
      ['((( http://x )))', (n) => '('.repeat(n / 2 - 4) + 'http://x' + ')'.repeat(n / 2 - 4)],
      ['http://x.....', (n) => 'http://x' + '.'.repeat(n - 8)],
      ['www.www.…', (n) => 'www.'.repeat(n / 4)],
      ['mailto:mailto:…', (n) => 'mailto:'.repeat(Math.floor(n / 7))],
      ['x@y.z x@y.z …', (n) => 'x@y.z '.repeat(Math.floor(n / 6))],
    ];
    /** The fastest of several parses (ms): robust to a busy machine; one slow parse is enough to stop. */
    const fastest = (text: string): number => {
      let best = Infinity;
      const started = performance.now();
      for (let i = 0; i < 25 && performance.now() - started < 300; i++) {
        const t = performance.now();
        linkify(text);
        best = Math.min(best, performance.now() - t);
      }
      return best;
    };
    for (const [name, make] of shapes) {
      const small = make(8 * 1024);
      const large = make(32 * 1024);
      assert.equal(
        linkify(large)
          .map((p) => p.text)
          .join(''),
        large,
        `${name}: the text is preserved`,
      );
      // Linear: ≈ 4. Quadratic: ≈ 16. A few attempts, so one noisy measurement cannot fail it.
      const ratios: number[] = [];
      for (let attempt = 0; attempt < 3 && !(ratios.at(-1)! < 8); attempt++) {
        ratios.push(fastest(large) / Math.max(fastest(small), 0.02));
      }
      assert.ok(
        ratios.at(-1)! < 8,
        `${name}: 32 KB took ${ratios.map((r) => r.toFixed(1)).join(', ')} times as long as 8 KB`,
      );
    }
  });

  test('same parts as before for the usual cases: links among punctuation, brackets and addresses', () => {
    assert.deepEqual(linkify('x (http://a.b/c) y'), [
      { kind: 'text', text: 'x (' },
      { kind: 'link', text: 'http://a.b/c', href: 'http://a.b/c' },
      { kind: 'text', text: ') y' },
    ]);
    assert.deepEqual(linkify('mail: first.last+tag@sub.example.co.uk.'), [
      { kind: 'text', text: 'mail: ' },
      { kind: 'link', text: 'first.last+tag@sub.example.co.uk', href: 'mailto:first.last+tag@sub.example.co.uk' },
      { kind: 'text', text: '.' },
    ]);
    assert.deepEqual(linkify('HTTPS://EXAMPLE.COM/X'), [
      { kind: 'link', text: 'HTTPS://EXAMPLE.COM/X', href: 'https://example.com/X' },
    ]);
    assert.deepEqual(linkify('nohttp://x a@b c@d'), [{ kind: 'text', text: 'nohttp://x a@b c@d' }]);
    assert.deepEqual(linkify('http:// x'), [{ kind: 'text', text: 'http:// x' }]);
  });
});

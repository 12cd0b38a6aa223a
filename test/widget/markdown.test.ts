/**
 * The safe Markdown subset (widget/chat/markdown.ts): CommonMark spec examples (0.31.2, and GFM's
 * strikethrough) for the supported subset, compared through a serialiser that writes the tree as
 * CommonMark's reference renderer writes HTML; what is outside the subset stays text; hostile input
 * stays inert.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_INLINE_DEPTH, parseMarkdown, type Block, type Inline } from '../../widget/chat/markdown.ts';

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function inlineHtml(list: Inline[]): string {
  return list
    .map((i) => {
      switch (i.kind) {
        case 'text':
          return escape(i.text);
        case 'code':
          return `<code>${escape(i.text)}</code>`;
        case 'link':
          return `<a href="${escape(i.href)}">${inlineHtml(i.children)}</a>`;
        default:
          return `<${i.kind}>${inlineHtml(i.children)}</${i.kind}>`;
      }
    })
    .join('');
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${inlineHtml(b.children)}</p>\n`;
    case 'code':
      return `<pre><code>${escape(b.text)}${b.text ? '\n' : ''}</code></pre>\n`;
    case 'quote':
      return `<blockquote>\n${b.children.map(blockHtml).join('')}</blockquote>\n`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      const start = b.ordered && b.start !== 1 ? ` start="${b.start}"` : '';
      const items = b.items.map((item) => {
        let out = '<li>';
        for (const inner of item) {
          if (b.tight && inner.kind === 'paragraph') out += inlineHtml(inner.children);
          else out += (out.endsWith('\n') ? '' : '\n') + blockHtml(inner);
        }
        return `${out}</li>\n`;
      });
      return `<${tag}${start}>\n${items.join('')}</${tag}>\n`;
    }
  }
}

const html = (markdown: string) => parseMarkdown(markdown).map(blockHtml).join('');

/** [markdown, CommonMark's HTML] — from the spec, links made absolute where the subset needs it. */
const SPEC_EXAMPLES: [string, string][] = [
  // paragraphs
  ['aaa\n\nbbb\n', '<p>aaa</p>\n<p>bbb</p>\n'],
  ['  aaa\n bbb\n', '<p>aaa\nbbb</p>\n'],
  ['aaa\nbbb\n\nccc\nddd\n', '<p>aaa\nbbb</p>\n<p>ccc\nddd</p>\n'],
  // fenced code blocks
  ['```\n<\n >\n```\n', '<pre><code>&lt;\n &gt;\n</code></pre>\n'],
  ['~~~\n<\n >\n~~~\n', '<pre><code>&lt;\n &gt;\n</code></pre>\n'],
  ['```\naaa\n~~~\n```\n', '<pre><code>aaa\n~~~\n</code></pre>\n'],
  ['````\naaa\n```\n``````\n', '<pre><code>aaa\n```\n</code></pre>\n'],
  ['```\n', '<pre><code></code></pre>\n'],
  [' ```\n aaa\naaa\n```\n', '<pre><code>aaa\naaa\n</code></pre>\n'],
  ['  ```\naaa\n  aaa\naaa\n  ```\n', '<pre><code>aaa\naaa\naaa\n</code></pre>\n'],
  ['foo\n```\nbar\n```\nbaz\n', '<p>foo</p>\n<pre><code>bar\n</code></pre>\n<p>baz</p>\n'],
  ['``` aa ```\nfoo\n', '<p><code>aa</code>\nfoo</p>\n'],
  // block quotes
  ['> foo\n> bar\n', '<blockquote>\n<p>foo\nbar</p>\n</blockquote>\n'],
  ['> foo\nbar\n', '<blockquote>\n<p>foo\nbar</p>\n</blockquote>\n'],
  ['>\n', '<blockquote>\n</blockquote>\n'],
  ['> foo\n\n> bar\n', '<blockquote>\n<p>foo</p>\n</blockquote>\n<blockquote>\n<p>bar</p>\n</blockquote>\n'],
  ['> foo\n>\n> bar\n', '<blockquote>\n<p>foo</p>\n<p>bar</p>\n</blockquote>\n'],
  [
    '> > > foo\nbar\n',
    '<blockquote>\n<blockquote>\n<blockquote>\n<p>foo\nbar</p>\n</blockquote>\n</blockquote>\n</blockquote>\n',
  ],
  // lists
  ['- foo\n- bar\n+ baz\n', '<ul>\n<li>foo</li>\n<li>bar</li>\n</ul>\n<ul>\n<li>baz</li>\n</ul>\n'],
  ['1. foo\n2. bar\n3) baz\n', '<ol>\n<li>foo</li>\n<li>bar</li>\n</ol>\n<ol start="3">\n<li>baz</li>\n</ol>\n'],
  ['Foo\n- bar\n- baz\n', '<p>Foo</p>\n<ul>\n<li>bar</li>\n<li>baz</li>\n</ul>\n'],
  [
    'The number of windows in my house is\n14.  The number of doors is 6.\n',
    '<p>The number of windows in my house is\n14.  The number of doors is 6.</p>\n',
  ],
  [
    '- foo\n  - bar\n    - baz\n      - boo\n',
    '<ul>\n<li>foo\n<ul>\n<li>bar\n<ul>\n<li>baz\n<ul>\n<li>boo</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n',
  ],
  ['- a\n- b\n\n- c\n', '<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n<li>\n<p>c</p>\n</li>\n</ul>\n'],
  [
    '- a\n  > b\n  ```\n  c\n  ```\n- d\n',
    '<ul>\n<li>a\n<blockquote>\n<p>b</p>\n</blockquote>\n<pre><code>c\n</code></pre>\n</li>\n<li>d</li>\n</ul>\n',
  ],
  ['1. a\n\n   b\n2. c\n', '<ol>\n<li>\n<p>a</p>\n<p>b</p>\n</li>\n<li>\n<p>c</p>\n</li>\n</ol>\n'],
  ['- one\n\n two\n', '<ul>\n<li>one</li>\n</ul>\n<p>two</p>\n'],
  ['123456789. ok\n', '<ol start="123456789">\n<li>ok</li>\n</ol>\n'],
  ['1234567890. not ok\n', '<p>1234567890. not ok</p>\n'],
  ['-one\n\n2.two\n', '<p>-one</p>\n<p>2.two</p>\n'],
  // backslash escapes
  [
    '\\*not emphasized*\n\\[not a link](/foo)\n\\`not code`\n',
    '<p>*not emphasized*\n[not a link](/foo)\n`not code`</p>\n',
  ],
  // code spans
  ['`foo`\n', '<p><code>foo</code></p>\n'],
  ['`` foo ` bar ``\n', '<p><code>foo ` bar</code></p>\n'],
  ['` `` `\n', '<p><code>``</code></p>\n'],
  ['`  ``  `\n', '<p><code> `` </code></p>\n'],
  ['`foo\\`bar`\n', '<p><code>foo\\</code>bar`</p>\n'],
  ['*foo`*`\n', '<p>*foo<code>*</code></p>\n'],
  ['```foo``\n', '<p>```foo``</p>\n'],
  ['`foo``bar``\n', '<p>`foo<code>bar</code></p>\n'],
  // emphasis and strong emphasis
  ['*foo bar*\n', '<p><em>foo bar</em></p>\n'],
  ['a * foo bar*\n', '<p>a * foo bar*</p>\n'],
  ['foo*bar*\n', '<p>foo<em>bar</em></p>\n'],
  ['_foo bar_\n', '<p><em>foo bar</em></p>\n'],
  ['foo_bar_\n', '<p>foo_bar_</p>\n'],
  ['_foo_bar_baz_\n', '<p><em>foo_bar_baz</em></p>\n'],
  ['**foo bar**\n', '<p><strong>foo bar</strong></p>\n'],
  ['__foo bar__\n', '<p><strong>foo bar</strong></p>\n'],
  ['foo__bar__\n', '<p>foo__bar__</p>\n'],
  ['*foo**bar**baz*\n', '<p><em>foo<strong>bar</strong>baz</em></p>\n'],
  ['*foo**bar*\n', '<p><em>foo**bar</em></p>\n'],
  ['***foo** bar*\n', '<p><em><strong>foo</strong> bar</em></p>\n'],
  ['foo***bar***baz\n', '<p>foo<em><strong>bar</strong></em>baz</p>\n'],
  ['foo******bar*********baz\n', '<p>foo<strong><strong><strong>bar</strong></strong></strong>***baz</p>\n'],
  ['**foo*\n', '<p>*<em>foo</em></p>\n'],
  ['*foo**\n', '<p><em>foo</em>*</p>\n'],
  ['***foo***\n', '<p><em><strong>foo</strong></em></p>\n'],
  ['_____foo_____\n', '<p><em><strong><strong>foo</strong></strong></em></p>\n'],
  ['*(*foo*)*\n', '<p><em>(<em>foo</em>)</em></p>\n'],
  ['**foo "*bar*" foo**\n', '<p><strong>foo &quot;<em>bar</em>&quot; foo</strong></p>\n'],
  ['*foo _bar* baz_\n', '<p><em>foo _bar</em> baz_</p>\n'],
  ['**foo\nbar**\n', '<p><strong>foo\nbar</strong></p>\n'],
  ['*a `*`*\n', '<p><em>a <code>*</code></em></p>\n'],
  // strikethrough (GFM)
  ['~~Hi~~ Hello, world!\n', '<p><del>Hi</del> Hello, world!</p>\n'],
  ['This ~~has a\n\nnew paragraph~~.\n', '<p>This ~~has a</p>\n<p>new paragraph~~.</p>\n'],
  // links (absolute destinations: relative ones are not links in a chat)
  ['[link](https://example.com/uri)\n', '<p><a href="https://example.com/uri">link</a></p>\n'],
  ['[link](<https://example.com/my uri>)\n', '<p><a href="https://example.com/my%20uri">link</a></p>\n'],
  ['[link](<foo\nbar>)\n', '<p>[link](&lt;foo\nbar&gt;)</p>\n'],
  ['[link](https://a.b/(foo)and(bar))\n', '<p><a href="https://a.b/(foo)and(bar)">link</a></p>\n'],
  [
    '[link *foo **bar** `#`*](https://u.v/)\n',
    '<p><a href="https://u.v/">link <em>foo <strong>bar</strong> <code>#</code></em></a></p>\n',
  ],
  // (the bare URL left over is linked: our bare-URL rule)
  [
    '[foo [bar](https://u.v/)](https://w.x/)\n',
    '<p>[foo <a href="https://u.v/">bar</a>](<a href="https://w.x/">https://w.x/</a>)</p>\n',
  ],
  ['*[foo*](https://u.v/)\n', '<p>*<a href="https://u.v/">foo*</a></p>\n'],
  ['[foo *bar](https://u.v/)*\n', '<p><a href="https://u.v/">foo *bar</a>*</p>\n'],
  ['[foo`](https://u.v/)`\n', '<p>[foo<code>](https://u.v/)</code></p>\n'],
  [
    '[link](mailto:help@example.com) [call](tel:+15551234567)\n',
    '<p><a href="mailto:help@example.com">link</a> <a href="tel:+15551234567">call</a></p>\n',
  ],
  // autolinks
  [
    '<http://foo.bar.baz/test?q=hello&id=22&boolean>\n',
    '<p><a href="http://foo.bar.baz/test?q=hello&amp;id=22&amp;boolean">http://foo.bar.baz/test?q=hello&amp;id=22&amp;boolean</a></p>\n',
  ],
  ['<https://foo.bar/baz bim>\n', '<p>&lt;<a href="https://foo.bar/baz">https://foo.bar/baz</a> bim&gt;</p>\n'],
];

describe('markdown: CommonMark spec examples of the subset', () => {
  for (const [markdown, expected] of SPEC_EXAMPLES) {
    test(JSON.stringify(markdown), () => assert.equal(html(markdown), expected));
  }
});

describe('markdown: outside the subset stays text', () => {
  test('headings, thematic breaks, images and raw HTML are text', () => {
    assert.equal(html('# Title'), '<p># Title</p>\n');
    assert.equal(html('![alt](https://x.y/i.png)'), '<p>!<a href="https://x.y/i.png">alt</a></p>\n');
    assert.equal(
      html('<b>bold</b> <a href="https://x.y">x</a>'),
      '<p>&lt;b&gt;bold&lt;/b&gt; &lt;a href=&quot;<a href="https://x.y/">https://x.y</a>&quot;&gt;x&lt;/a&gt;</p>\n',
    );
  });

  test('relative link destinations leave the link text', () => {
    assert.equal(html('[link](/uri)'), '<p>link</p>\n');
    assert.equal(html('[link]()'), '<p>link</p>\n');
  });
});

describe('markdown: bare URLs', () => {
  test('bare URLs and e-mail addresses in text become links, not inside code or links', () => {
    assert.equal(
      html(
        'See https://example.com/a_b_c, **www.example.org** or `https://not.linked` [x](https://u.v/) help@example.com',
      ),
      '<p>See <a href="https://example.com/a_b_c">https://example.com/a_b_c</a>, <strong><a href="https://www.example.org/">www.example.org</a></strong> or <code>https://not.linked</code> <a href="https://u.v/">x</a> <a href="mailto:help@example.com">help@example.com</a></p>\n',
    );
  });
});

describe('markdown: hostile input is inert', () => {
  const links = (markdown: string): string[] => {
    const found: string[] = [];
    const walk = (list: Inline[]) =>
      list.forEach((i) => {
        if (i.kind === 'link') found.push(i.href);
        if ('children' in i) walk(i.children);
      });
    const walkBlocks = (blocks: Block[]) =>
      blocks.forEach((b) => {
        if (b.kind === 'paragraph') walk(b.children);
        if (b.kind === 'quote') walkBlocks(b.children);
        if (b.kind === 'list') b.items.forEach(walkBlocks);
      });
    walkBlocks(parseMarkdown(markdown));
    return found;
  };

  for (const hostile of [
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](  javascript:alert(1)  )',
    '[click](java\\script:alert(1))',
    '[click](<javascript:alert(1)>)',
    '<javascript:alert(1)>',
    '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[click](vbscript:msgbox(1))',
    '[click](file:///etc/passwd)',
    '[click](//evil.example/)',
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
  ]) {
    test(`no link from ${hostile}`, () => {
      assert.deepEqual(links(hostile), []);
    });
  }

  test('HTML is text, character for character', () => {
    const text = '<script>alert(1)</script><img src=x onerror=alert(1)>';
    assert.equal(html(text), `<p>${escape(text)}</p>\n`);
  });

  test('deep nesting is capped and every character survives', () => {
    const deep = '>'.repeat(5000) + ' x';
    assert.match(html(deep), /x/);
    const list = Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}- ${i}`).join('\n');
    assert.match(html(list), /199/);
  });

  test('emphasis nests at most MAX_INLINE_DEPTH deep (rendering never recurses deeply)', () => {
    const depthOf = (list: Inline[]): number =>
      Math.max(0, ...list.map((i) => ('children' in i ? 1 + depthOf(i.children) : 0)));
    const [paragraph] = parseMarkdown('**_'.repeat(5000) + 'x' + '_**'.repeat(5000));
    assert.equal(paragraph?.kind, 'paragraph');
    if (paragraph?.kind === 'paragraph') {
      assert.ok(depthOf(paragraph.children) <= MAX_INLINE_DEPTH + 1);
      assert.match(JSON.stringify(paragraph.children), /x/);
    }
  });

  test('pathological inputs of 32 KB parse (quadratic parsers do not finish in time here)', () => {
    for (const input of [
      '*a '.repeat(11000),
      '**_'.repeat(11000),
      '[](x'.repeat(8000),
      '['.repeat(32000),
      '[a]('.repeat(8000),
      '`'.repeat(16000) + 'a' + '``'.repeat(8000),
      '<a'.repeat(16000),
      '- '.repeat(16000),
      '> '.repeat(16000),
      'a_'.repeat(16000),
      '~~a '.repeat(8000),
    ]) {
      const blocks = parseMarkdown(input.slice(0, 32 * 1024));
      assert.ok(blocks.length > 0);
    }
  });
});

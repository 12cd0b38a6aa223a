/** The transcript files: what they say, and that nothing anyone wrote becomes markup or a script. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  escapeHtml,
  stampOf,
  transcriptFileName,
  transcriptHtml,
  transcriptText,
  TRANSCRIPT_STYLE,
  TRANSCRIPT_STYLE_HASH,
  type Transcript,
} from '../../widget/chat/transcript.ts';

const time = new Date(2026, 11, 3, 14, 5).getTime();

function transcript(entries: Transcript['entries'], locale = 'en-US'): Transcript {
  return {
    title: 'Chat transcript, Thursday, December 3, 2026',
    locale,
    dir: 'ltr',
    attachmentLabel: (file) => `Attachment: ${file}`,
    entries,
  };
}

const hostile = transcript([
  {
    time,
    author: '<img src=x onerror=alert(1)>',
    body: '<script>alert(1)</script>\n**bold** & "quotes"',
    attachments: [
      { name: '"><svg onload=alert(2)>.png', url: 'https://media.example/ME1?sig="x"&a=<b>' },
      { name: 'evil.pdf', url: 'javascript:alert(3)' },
      { name: 'gone.txt', url: undefined },
    ],
  },
]);

describe('transcript', () => {
  test('plain text: the title, each message with its time in the locale, author, text and attachments', () => {
    const text = transcriptText(
      transcript([
        { time, author: 'You', body: 'Where is my order?\nIt is 1234.', attachments: [] },
        {
          time: time + 60_000,
          author: 'Alex',
          body: 'Here is the label.',
          attachments: [{ name: 'label.png', url: 'https://media.example/ME2' }],
        },
      ]),
    );
    assert.equal(
      text,
      [
        'Chat transcript, Thursday, December 3, 2026',
        '',
        `[${stampOf(time, 'en-US')}] You: Where is my order?`,
        '    It is 1234.',
        `[${stampOf(time + 60_000, 'en-US')}] Alex: Here is the label.`,
        '    Attachment: label.png <https://media.example/ME2>',
        '',
      ].join('\n'),
    );
    assert.match(stampOf(time, 'en-US'), /Dec 3, 2026.*2:05/);
    assert.match(stampOf(time, 'de-DE'), /03\.12\.2026.*14:05/);
  });

  test('plain text keeps only http(s) links', () => {
    const text = transcriptText(hostile);
    assert.match(text, /Attachment: evil\.pdf\n/);
    assert.ok(!text.includes('javascript:'));
  });

  test('HTML: every text escaped, no markup of anyone’s, only http(s) links, a strict CSP of its own', () => {
    const html = transcriptHtml(hostile);
    const tags = new Set([...html.matchAll(/<([a-z0-9]+)/gi)].map((m) => m[1]!.toLowerCase()));
    assert.deepEqual(
      [...tags].sort(),
      ['a', 'b', 'body', 'h1', 'head', 'html', 'li', 'meta', 'ol', 'p', 'style', 'time', 'title'].sort(),
    );
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('&quot;&gt;&lt;svg onload=alert(2)&gt;.png'));
    assert.ok(!/\son\w+=/i.test(html.replace(/&[a-z#0-9]+;[^<]*/g, '')), 'no event handler attribute');
    assert.ok(!html.includes('javascript:'));
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(hrefs, ['https://media.example/ME1?sig=%22x%22&amp;a=%3Cb%3E']);
    assert.match(html, /<p class="file" dir="auto">Attachment: evil\.pdf<\/p>/);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; base-uri 'none'; form-action 'none'">/,
    );
    assert.match(html, /<html lang="en-US" dir="ltr">/);
    assert.match(html, new RegExp(`<time datetime="${new Date(time).toISOString()}">`));
  });

  test("the page's CSP allows exactly its own style block (the hash is the style's)", () => {
    const hash = createHash('sha256').update(TRANSCRIPT_STYLE).digest('base64');
    assert.equal(TRANSCRIPT_STYLE_HASH, `'sha256-${hash}'`);
    assert.ok(transcriptHtml(hostile).includes(`<style>${TRANSCRIPT_STYLE}</style>`));
  });

  test('right-to-left: the page says so', () => {
    const html = transcriptHtml({ ...transcript([], 'ar'), dir: 'rtl' });
    assert.match(html, /<html lang="ar" dir="rtl">/);
  });

  test('escapeHtml and the file name', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    assert.equal(transcriptFileName(time, 'text'), 'chat-transcript-2026-12-03.txt');
    assert.equal(transcriptFileName(time, 'html'), 'chat-transcript-2026-12-03.html');
  });
});

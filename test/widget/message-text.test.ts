/**
 * MessageText parses a message's text once, not on every render (issue 10 defect 2): a 32 KB
 * body was re-parsed on every render of the message list. Rendered with Preact into a tiny DOM;
 * parses are counted through the one URL each link candidate costs the parser.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { h, render } from 'preact';
import { MessageText } from '../../widget/ui/MessageText.tsx';
import { TinyDocument } from './support/tiny-dom.ts';

test('re-rendering the message list does not parse the messages again', () => {
  const NativeURL = globalThis.URL;
  let constructed = 0;
  globalThis.URL = class extends NativeURL {
    constructor(url: string | URL, base?: string | URL) {
      super(url, base);
      constructed += 1;
    }
  };
  try {
    const root = new TinyDocument().createElement('div');
    const bodies = ['See https://example.com/a.', 'write to help@example.com', 'a.'.repeat(16384) + ' www.example.org'];
    const list = (tick: number) =>
      h('div', null, [
        ...bodies.map((body, i) => h('p', { key: i }, h(MessageText, { text: body }))),
        h('span', { key: 'tick' }, String(tick)),
      ]);
    render(list(0), root as unknown as Element);
    assert.equal(constructed, 3, 'one parse per message: one URL per link');
    for (let tick = 1; tick <= 10; tick++) render(list(tick), root as unknown as Element);
    assert.equal(constructed, 3, 'no parse on re-render');
    const links = root.findAll('a');
    assert.deepEqual(
      links.map((a) => [a.getAttribute('href'), a.textContent]),
      [
        ['https://example.com/a', 'https://example.com/a'],
        ['mailto:help@example.com', 'help@example.com'],
        ['https://www.example.org/', 'www.example.org'],
      ],
    );
    assert.equal(root.findAll('span')[0]?.textContent, '10');
  } finally {
    globalThis.URL = NativeURL;
  }
});

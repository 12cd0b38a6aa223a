/**
 * Markdown: parsing 32 KB message bodies (Twilio's limit) with widget/chat/markdown.ts — a chat
 * message of ordinary Markdown, and inputs that make naive parsers quadratic. Best of 5 runs each.
 */
import { parseMarkdown } from '../../widget/chat/markdown.ts';

const SIZE = 32 * 1024;

const INPUTS: Record<string, string> = {
  'ordinary Markdown': '**Order** _1042_ shipped: [track](https://example.com/t) or https://x.y/z\n- one\n- two\n\n',
  'unclosed emphasis (*a )': '*a ',
  'nested emphasis (**_)': '**_',
  'unclosed brackets ([)': '[',
  'failed links ([](x)': '[](x',
  'backtick runs': '`a``',
  'nested lists (- )': '- ',
  'nested quotes (> )': '> ',
  'angle brackets (<a)': '<a',
};

export function runMarkdownBench(): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  for (const [name, unit] of Object.entries(INPUTS)) {
    const text = unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
    let best = Infinity;
    for (let run = 0; run < 5; run += 1) {
      const start = performance.now();
      parseMarkdown(text);
      best = Math.min(best, performance.now() - start);
    }
    results[`parse 32 KB, ${name} (ms)`] = Math.round(best * 10) / 10;
  }
  return Promise.resolve(results);
}

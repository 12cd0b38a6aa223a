/** How `npm run bench` rewrites BENCHMARKS.md's measured block (scripts/bench/record.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BLOCK_END, BLOCK_START, rewriteBlock, sectionsOf } from '../../scripts/bench/record.ts';

const TITLES = ['Server', 'Host page', 'Widget: click → form, ours and theirs', 'Widget'];

const file = (block: string): string =>
  `# Benchmarks\n\nHow.\n\n${BLOCK_START}\n${block}\n${BLOCK_END}\n\n## Soak\n\nSoak figures.\n`;

const OLD = file(
  'Last run: 2026-11-25 on 2 × CPU.\n\n### Server\n\n| a | 1 |\n\n### Host page\n\n| b | 2 |\n\n### Widget\n\n| c | 3 |\n\n### Retired group\n\n| d | 4 |\n',
);

const blockOf = (text: string): Map<string, string> =>
  sectionsOf(text.slice(text.indexOf(BLOCK_START) + BLOCK_START.length, text.indexOf(BLOCK_END)));

const section = (title: string, table: string): string =>
  `### ${title}\n\n_2026-12-03 16:40 UTC; load 1.0._\n\n${table}`;

describe('BENCHMARKS.md block', () => {
  test('a full run replaces every section, in the groups’ order, and keeps what is outside the markers', () => {
    const fresh = new Map(TITLES.map((title) => [title, section(title, `| ${title} |`)]));
    const text = rewriteBlock(OLD, TITLES, fresh, true);
    assert.equal(text, file(TITLES.map((title) => section(title, `| ${title} |`)).join('\n\n')));
  });

  test('a recorded partial run replaces its groups only; the others keep their figures and get the old date', () => {
    const fresh = new Map([['Host page', section('Host page', '| new |')]]);
    const text = rewriteBlock(OLD, TITLES, fresh, false)!;
    const sections = blockOf(text);
    assert.deepEqual([...sections.keys()], ['Server', 'Host page', 'Widget']);
    assert.equal(sections.get('Host page'), section('Host page', '| new |'));
    assert.equal(sections.get('Server'), '### Server\n\n_Last run: 2026-11-25 on 2 × CPU._\n\n| a | 1 |');
    assert.ok(text.endsWith(`${BLOCK_END}\n\n## Soak\n\nSoak figures.\n`));
  });

  test('a second partial run keeps the sections the first one wrote, unchanged', () => {
    const first = rewriteBlock(OLD, TITLES, new Map([['Host page', section('Host page', '| 1st |')]]), false)!;
    const second = rewriteBlock(first, TITLES, new Map([['Widget', section('Widget', '| 2nd |')]]), false)!;
    const sections = blockOf(second);
    assert.equal(sections.get('Host page'), section('Host page', '| 1st |'));
    assert.equal(sections.get('Widget'), section('Widget', '| 2nd |'));
  });

  test('a file without the markers is left alone', () => {
    assert.equal(rewriteBlock('# Benchmarks\n', TITLES, new Map(), true), null);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTimeline, dayLabel, timelineBlocks, type TimelineBlock } from '../../widget/chat/timeline.ts';

const labels = { today: 'Today', yesterday: 'Yesterday' };
const now = new Date(2026, 4, 20, 15, 0).getTime();
const at = (day: number, h: number, m: number) => new Date(2026, 4, day, h, m).getTime();

describe('timeline', () => {
  test('day labels: Today, Yesterday, then a localised date', () => {
    assert.equal(dayLabel(at(20, 9, 0), now, 'en', labels), 'Today');
    assert.equal(dayLabel(at(19, 23, 59), now, 'en', labels), 'Yesterday');
    assert.equal(dayLabel(at(12, 9, 0), now, 'en', labels), 'Tuesday, May 12');
    assert.equal(dayLabel(new Date(2025, 0, 2).getTime(), now, 'en', labels), 'Thursday, January 2, 2025');
    assert.equal(dayLabel(at(12, 9, 0), now, 'fr', labels), 'mardi 12 mai');
  });

  test('groups consecutive messages by author within five minutes', () => {
    const items = [
      { key: 'a', author: 'agent', time: at(20, 10, 0) },
      { key: 'b', author: 'agent', time: at(20, 10, 3) },
      { key: 'c', author: 'me', time: at(20, 10, 4) },
      { key: 'd', author: 'me', time: at(20, 10, 20) },
    ];
    const entries = buildTimeline(items, { now, locale: 'en', labels });
    assert.deepEqual(
      entries.map((e) => (e.kind === 'group' ? e.items.map((i) => i.key).join('') : e.kind)),
      ['day', 'ab', 'c', 'd'],
    );
  });

  test('a new day starts a separator and a new group', () => {
    const items = [
      { key: 'a', author: 'agent', time: at(19, 23, 58) },
      { key: 'b', author: 'agent', time: at(20, 0, 1) },
    ];
    const entries = buildTimeline(items, { now, locale: 'en', labels });
    assert.deepEqual(
      entries.map((e) => (e.kind === 'day' ? e.label : e.kind)),
      ['Yesterday', 'group', 'Today', 'group'],
    );
  });

  test('the "New messages" divider goes before the first unread message and splits its group', () => {
    const items = [
      { key: 'a', author: 'agent', time: at(20, 10, 0) },
      { key: 'b', author: 'agent', time: at(20, 10, 1) },
    ];
    const entries = buildTimeline(items, { now, locale: 'en', labels, dividerBefore: 'b' });
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['day', 'group', 'divider', 'group'],
    );
  });
});

describe('timeline blocks', () => {
  const item = (index: number, author = 'agent') => ({ key: `m${index}`, author, time: at(20, 10, 0), index });
  const blocksOf = (items: ReturnType<typeof item>[], recentGroups = 1) =>
    timelineBlocks(buildTimeline(items, { now, locale: 'en', labels }), {
      size: 4,
      indexOf: (i) => (i.index < 0 ? undefined : i.index),
      recentGroups,
    });
  const keys = (block: TimelineBlock<ReturnType<typeof item>>) =>
    block.entries.map((e) => (e.kind === 'group' ? e.items.map((i) => i.key).join('+') : e.kind));

  test('groups go to the block of their first message index; the day separator with the group after it', () => {
    const items = [item(2), item(3, 'me'), item(4), item(5), item(6, 'me'), item(9)];
    const blocks = blocksOf(items);
    assert.deepEqual(
      blocks.map((b) => [b.key, keys(b)]),
      [
        ['block-0', ['day', 'm2', 'm3']],
        ['block-1', ['m4+m5', 'm6']],
        ['block-2', ['m9']],
      ],
    );
  });

  test('a block keeps its key and groups when older messages are prepended', () => {
    const newer = blocksOf([item(8), item(9, 'me'), item(12)]);
    const both = blocksOf([item(4), item(5, 'me'), item(8), item(9, 'me'), item(12)]);
    assert.deepEqual(
      both.slice(1).map((b) => [b.key, keys(b)]),
      newer.map((b) => [b.key, keys(b).filter((k) => k !== 'day')]),
    );
  });

  test('far: neither the oldest block nor one with any of the newest groups; the outbox joins the newest block', () => {
    const items = [item(1), item(2, 'me'), item(5), item(6, 'me'), item(9), item(13, 'me'), item(-1, 'me')];
    const blocks = blocksOf(items, 2);
    assert.deepEqual(
      blocks.map((b) => [b.key, b.far, keys(b)]),
      [
        ['block-0', false, ['day', 'm1', 'm2']],
        ['block-1', true, ['m5', 'm6']],
        ['block-2', false, ['m9']],
        ['block-3', false, ['m13+m-1']],
      ],
    );
  });
});

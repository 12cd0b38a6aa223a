import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTimeline, dayLabel } from '../../widget/chat/timeline.ts';

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

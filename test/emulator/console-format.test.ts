/** The agent console's pre-engagement rows (emulator/console/format.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preEngagementEntries } from '../../emulator/console/format.ts';

test("the page's context shows as context.pageUrl and context.pageTitle rows, not [object Object]", () => {
  assert.deepEqual(
    preEngagementEntries({
      pre_engagement_data: {
        friendlyName: 'Ann',
        question: 'Where is my order?',
        context: { pageUrl: 'https://shop.example/cart', pageTitle: 'Cart', plan: 'gold' },
      },
    }),
    [
      ['friendlyName', 'Ann'],
      ['question', 'Where is my order?'],
      ['context.pageUrl', 'https://shop.example/cart'],
      ['context.pageTitle', 'Cart'],
      ['context.plan', 'gold'],
    ],
  );
});

test('direction controls are removed from keys and values; no data, no rows', () => {
  assert.deepEqual(preEngagementEntries({ pre_engagement_data: { 'na\u202Eme': 'A\u202Enn' } }), [['name', 'Ann']]);
  assert.deepEqual(preEngagementEntries({}), []);
  assert.deepEqual(preEngagementEntries('not json'), []);
});

/** The soak's accounting (scripts/soak/ledger.ts): what counts as delivered, lost, duplicated, out of order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sequencesIn, Stream, tagOf } from '../../scripts/soak/ledger.ts';

test('tags are found per chat and direction, in order', () => {
  const text = [
    tagOf(2, 'visitor', 3),
    tagOf(2, 'agent', 1),
    tagOf(12, 'agent', 7),
    `x ${tagOf(2, 'agent', 4)} y`,
  ].join('\n');
  assert.deepEqual(sequencesIn(text, 2, 'agent'), [1, 4]);
  assert.deepEqual(sequencesIn(text, 2, 'visitor'), [3]);
  assert.deepEqual(sequencesIn(text, 1, 'agent'), [], 'chat 1 is not chat 12');
});

test('a stream counts delivered, lost, duplicated and out-of-order messages over snapshots', () => {
  const stream = new Stream();
  for (const at of [100, 200, 300, 400]) stream.sent(stream.nextSequence(), at);
  stream.observe([1, 3, 2, 99]);
  assert.deepEqual(stream.missingSince(250), [], 'everything sent by 250 was shown');
  assert.deepEqual(stream.missingSince(1000), [4]);
  stream.observe([1, 2, 2, 2, 3]);
  stream.observe([2, 3, 3]);
  assert.deepEqual(stream.figures(), { sent: 4, delivered: 3, duplicated: 3, outOfOrder: 1 });
});

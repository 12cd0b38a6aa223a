import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Outbox } from '../../widget/chat/outbox.ts';

describe('outbox', () => {
  test('hands out one message at a time, oldest first', () => {
    const box = new Outbox();
    box.add('one', undefined, 'k1');
    box.add('two', undefined, 'k2');
    assert.equal(box.next()?.key, 'k1');
    box.begin('k1');
    assert.equal(box.next(), undefined, 'nothing while a send is in flight');
    box.accepted('k1');
    assert.equal(box.next()?.key, 'k2');
  });

  test('an interrupted send is retried before later messages, after a duplicate check', () => {
    const box = new Outbox();
    box.add('one', undefined, 'k1');
    box.add('two', undefined, 'k2');
    box.begin('k1');
    box.interrupted('k1');
    const next = box.next();
    assert.equal(next?.key, 'k1');
    assert.equal(next?.status, 'uncertain');
  });

  test('a key seen in the conversation removes the item, whatever its state (exactly once)', () => {
    const box = new Outbox();
    box.add('one', undefined, 'k1');
    box.add('two', undefined, 'k2');
    box.begin('k1');
    box.interrupted('k1');
    assert.equal(box.delivered(['k1']), 1);
    assert.equal(box.next()?.key, 'k2');
    assert.equal(box.delivered(['k1', 'unknown']), 0);
  });

  test('a refused message is skipped; retry puts it at the end of the queue', () => {
    const box = new Outbox();
    box.add('one', undefined, 'k1');
    box.add('two', undefined, 'k2');
    box.begin('k1');
    box.refused('k1');
    assert.equal(box.get('k1')?.status, 'failed');
    assert.equal(box.next()?.key, 'k2');
    box.retry('k1');
    assert.deepEqual(
      box.items.map((i) => i.key),
      ['k2', 'k1'],
    );
    assert.equal(box.get('k1')?.status, 'queued');
  });

  test('gives up after the maximum number of attempts', () => {
    const box = new Outbox([], 2);
    box.add('one', undefined, 'k1');
    box.begin('k1');
    box.interrupted('k1');
    assert.equal(box.get('k1')?.status, 'uncertain');
    box.begin('k1');
    box.interrupted('k1');
    assert.equal(box.get('k1')?.status, 'failed');
  });

  test('survives a reload as uncertain text items (files and failed items are not kept)', () => {
    const box = new Outbox();
    box.add('one', undefined, 'k1', 1);
    box.add('', new File(['x'], 'a.png', { type: 'image/png' }), 'k2', 2);
    box.add('three', undefined, 'k3', 3);
    box.begin('k3');
    box.refused('k3');
    const stored = box.toStored();
    assert.deepEqual(stored, [{ key: 'k1', body: 'one', createdAt: 1 }]);
    const restored = new Outbox(stored);
    assert.equal(restored.next()?.status, 'uncertain', 'checked for duplicates before it is sent again');
  });

  test('keys are unique', () => {
    const box = new Outbox();
    const keys = new Set(Array.from({ length: 100 }, () => box.add('x').key));
    assert.equal(keys.size, 100);
  });
});

/** The read tracker on its own: the horizon moves only while the visitor can see, the divider, the unread count. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signal } from '@preact/signals';
import { ReadTracker } from '../../widget/chat/read-tracker.ts';
import type { ChatMessage } from '../../widget/chat/types.ts';

function message(index: number, author: string): ChatMessage {
  return { sid: `IM${index}`, index, author, body: `m${index}`, time: index, media: [] };
}

function setup(initialHorizon: number | null = null) {
  const messages = signal<ChatMessage[]>([message(0, 'me'), message(1, 'agent'), message(2, 'agent')]);
  const view = { panelOpen: false, visible: true };
  const marked: number[] = [];
  const reported: number[] = [];
  const tracker = new ReadTracker({
    identity: 'me',
    messages,
    initialHorizon,
    panelOpen: () => view.panelOpen,
    canSee: () => view.panelOpen && view.visible,
    markRead: async (index) => void marked.push(index),
    unreadChanged: (count) => void reported.push(count),
  });
  return { tracker, messages, view, marked, reported };
}

describe('read tracker', () => {
  test("counts others' messages after the horizon, never the visitor's own", () => {
    const { tracker, messages } = setup(0);
    assert.equal(tracker.unread.value, 2);
    messages.value = [...messages.value, message(3, 'me')];
    assert.equal(tracker.unread.value, 2);
  });

  test('the horizon moves to the last message only while the visitor can see it, and the back end is told', () => {
    const { tracker, view, marked, reported } = setup(0);
    tracker.advance();
    assert.equal(tracker.horizon.value, 0, 'panel closed: nothing read');
    assert.deepEqual(marked, []);
    view.panelOpen = true;
    view.visible = false;
    tracker.advance();
    assert.equal(tracker.horizon.value, 0, 'widget hidden: nothing read');
    view.visible = true;
    tracker.advance();
    assert.equal(tracker.horizon.value, 2);
    assert.deepEqual(marked, [2]);
    assert.equal(tracker.unread.value, 0);
    assert.deepEqual(reported, [2, 2, 0]);
    tracker.advance();
    assert.deepEqual(marked, [2], 'not told again');
  });

  test('a failed markRead is not an unhandled rejection', async () => {
    const messages = signal<ChatMessage[]>([message(0, 'agent')]);
    const tracker = new ReadTracker({
      identity: 'me',
      messages,
      initialHorizon: null,
      panelOpen: () => true,
      canSee: () => true,
      markRead: () => Promise.reject(new Error('offline')),
      unreadChanged: () => undefined,
    });
    tracker.advance();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(tracker.horizon.value, 0);
  });

  test('"New messages" goes before the first unread message from someone else, only with the panel open; writing clears it', () => {
    const { tracker, view } = setup(0);
    tracker.placeDivider();
    assert.equal(tracker.dividerBefore.value, undefined, 'panel closed');
    view.panelOpen = true;
    tracker.placeDivider();
    assert.equal(tracker.dividerBefore.value, 'IM1');
    tracker.clearDivider();
    assert.equal(tracker.dividerBefore.value, undefined);
  });
});

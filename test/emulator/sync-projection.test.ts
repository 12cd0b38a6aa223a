/** The domain assigns message indexes; the Sync projection mirrors them (no server, no SDK). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmulatorState } from '../../emulator/state.ts';
import { SyncProjection } from '../../emulator/sync/projection.ts';

test('message indexes come from the domain, never reused after a removal, and the Sync list mirrors them', () => {
  const state = new EmulatorState();
  const sync = new SyncProjection(state);
  const conversation = state.createConversation({ friendlyName: 'Webchat' });
  state.addParticipant(conversation.sid, 'ann', { role: 'customer', friendlyName: 'Ann' });
  for (const body of ['one', 'two', 'three']) state.addMessage(conversation.sid, { author: 'ann', body });
  state.removeMessage(conversation.sid, 2);
  const added = state.addMessage(conversation.sid, { author: 'ann', body: 'four' });
  assert.equal(added.index, 3);
  assert.deepEqual(
    state.listMessages(conversation.sid).map((m) => m.index),
    [0, 1, 3],
  );

  const objects = sync.conversationObjects(conversation.sid);
  const list = sync.store.get(objects.messages);
  assert.deepEqual(
    [...(list?.items.values() ?? [])].map((item) => [item.key, item.data.text]),
    [
      [0, 'one'],
      [1, 'two'],
      [3, 'four'],
    ],
  );
  const document = sync.store.get(objects.document);
  assert.deepEqual(document?.data.lastMessage, { index: 3, timestamp: added.dateCreated });
  const roster = sync.store.get(objects.roster);
  const participant = state.requireParticipant(conversation.sid, 'ann');
  assert.equal(roster?.items.get(participant.sid)?.data.userInfo, sync.userObjects('ann').info);
});

test('the domain announces what changed, then which conversation changed', () => {
  const state = new EmulatorState();
  const seen: string[] = [];
  state.onChange((change) => seen.push(`change:${change.type}`));
  state.onEvent((event) => seen.push(`event:${event.type}`));
  const conversation = state.createConversation({});
  state.addParticipant(conversation.sid, 'ann', { role: 'customer' });
  state.setReadHorizon(conversation.sid, 'ann', null);
  state.typing(conversation.sid, 'ann');
  assert.deepEqual(seen, [
    'event:conversationAdded',
    'change:conversation',
    'event:userAdded',
    'event:participantAdded',
    'change:conversation',
    'event:typing',
    'change:typing',
  ]);
});

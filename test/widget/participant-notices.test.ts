/**
 * "Sam joined the chat" / "Alex left the chat": where the lines go among the messages (pure), and
 * what one live conversation makes of a transfer on the scripted back end (the lines, the current
 * agent, the names of an agent who left, typing by several agents). The same on the real stack:
 * test/e2e/transfers.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LiveConversation } from '../../widget/chat/live-conversation.ts';
import { noticesFor, placeNotices, type ParticipantNotice } from '../../widget/chat/participant-notices.ts';
import { ScriptedConversation } from './support/scripted-session.ts';

const message = (index: number, time: number) => ({ index, time, sid: `IM${index}` });
const joined = (identity: string, time: number): ParticipantNotice => ({
  key: `joined-${identity}`,
  kind: 'joined',
  identity,
  time,
});
const shape = (placed: ReturnType<typeof placeNotices>) =>
  placed.map((p) => ('message' in p ? `#${p.message.index}` : `${p.notice.kind} ${p.notice.identity}`));

describe('placing the notices', () => {
  test('a join goes before the first message at or after its time; a leave after its index', () => {
    const messages = [message(0, 100), message(1, 200), message(2, 300)];
    const left: ParticipantNotice = { key: 'l', kind: 'left', identity: 'alex', time: 99_999, afterIndex: 1 };
    assert.deepEqual(shape(placeNotices(messages, [joined('alex', 150), left, joined('sam', 300)], false)), [
      '#0',
      'joined alex',
      '#1',
      'left alex',
      'joined sam',
      '#2',
    ]);
  });

  test('a join after every message goes last; one older than the loaded page waits while there is older history', () => {
    const messages = [message(5, 500), message(6, 600)];
    assert.deepEqual(shape(placeNotices(messages, [joined('alex', 100), joined('sam', 700)], true)), [
      '#5',
      '#6',
      'joined sam',
    ]);
    assert.deepEqual(shape(placeNotices(messages, [joined('alex', 100)], false)), ['joined alex', '#5', '#6']);
    assert.deepEqual(shape(placeNotices([], [joined('alex', 100)], false)), ['joined alex']);
  });

  test('noticesFor: who joined (by their join time, when known) and who left (after the last message)', () => {
    let n = 0;
    const at = {
      time: 1000,
      lastIndex: 7,
      joinedAt: (identity: string) => (identity === 'sam' ? 900 : null),
      sequence: () => (n += 1),
    };
    assert.deepEqual(noticesFor(['alex'], ['sam', 'kim'], at), [
      { key: 'joined-sam-1', kind: 'joined', identity: 'sam', time: 900 },
      { key: 'joined-kim-2', kind: 'joined', identity: 'kim', time: 1000, afterIndex: 7 },
      { key: 'left-alex-3', kind: 'left', identity: 'alex', time: 1000, afterIndex: 7 },
    ]);
    assert.deepEqual(noticesFor(['alex'], ['alex'], at), []);
  });
});

async function live(conversation: ScriptedConversation): Promise<LiveConversation> {
  const session = await conversation.open({
    identity: 'visitor-1',
    conversationSid: 'CH1',
    token: 't',
    refreshToken: () => Promise.resolve('t'),
  });
  const store = { outbox: () => [], saveOutbox: () => undefined };
  const events = { inbound: () => undefined, ended: () => undefined, unreadChanged: () => undefined };
  const conversationView = await LiveConversation.load(session, {
    store,
    panelOpen: () => true,
    canSee: () => true,
    events,
  });
  conversationView.start(true);
  return conversationView;
}

describe('a transfer in a live conversation', () => {
  test('cold: the lines, the current agent, and the name of the agent who left on their messages', async () => {
    let now = 1_000_000;
    const conversation = new ScriptedConversation(() => (now += 1000));
    conversation.join('agent.alex', 'Alex');
    conversation.add('agent.alex', 'Hello, I am Alex.');
    const view = await live(conversation);
    assert.equal(view.agent.value, 'agent.alex');
    assert.deepEqual(
      view.notices.value.map((n) => `${n.kind} ${n.identity}`),
      ['joined agent.alex'],
    );

    conversation.join('agent.sam', 'Sam');
    conversation.leave('agent.alex');
    conversation.add('agent.sam', 'Sam here.');
    assert.equal(view.agent.value, 'agent.sam');
    assert.deepEqual(
      view.notices.value.map((n) => `${n.kind} ${n.identity}`),
      ['joined agent.alex', 'joined agent.sam', 'left agent.alex'],
    );
    assert.equal(view.lastNotice.value?.kind, 'left');
    assert.equal(view.displayName('agent.alex'), 'Alex');
    assert.equal(view.displayName('agent.sam'), 'Sam');

    // After a reload: the agent present's join is there; the one who left keeps their name.
    const reloaded = await live(conversation);
    assert.equal(reloaded.agent.value, 'agent.sam');
    assert.deepEqual(
      reloaded.notices.value.map((n) => `${n.kind} ${n.identity}`),
      ['joined agent.sam'],
    );
    assert.equal(reloaded.displayName('agent.alex'), 'Alex');
    await Promise.all([view.dispose(), reloaded.dispose()]);
  });

  test('warm: both type; an agent who leaves stops typing; the current agent is the latest still present', async () => {
    const conversation = new ScriptedConversation();
    conversation.join('agent.alex', 'Alex');
    const view = await live(conversation);
    conversation.join('agent.sam', 'Sam');
    conversation.typing('agent.alex', true);
    conversation.typing('agent.sam', true);
    assert.deepEqual(view.typing.value, { 'agent.alex': 'Alex', 'agent.sam': 'Sam' });
    assert.equal(view.agent.value, 'agent.sam');
    conversation.leave('agent.sam');
    assert.equal(view.agent.value, 'agent.alex');
    assert.deepEqual(view.typing.value, { 'agent.alex': 'Alex' });
    await view.dispose();
  });
});

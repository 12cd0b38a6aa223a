/**
 * One live conversation on the scripted back end: first page and older pages merged without
 * duplicates, a message arriving while the first page loads, the end reported once, and
 * disposal (nothing heard or sent afterwards).
 */
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import {
  LiveConversation,
  OLDER_PAGE_SIZE,
  PAGE_SIZE,
  RECONNECTING_DELAY_MS,
  type ConversationEvents,
} from '../../widget/chat/live-conversation.ts';
import type { StoredOutboxItem } from '../../widget/chat/outbox.ts';
import { ScriptedConversation } from './support/scripted-session.ts';

function recorder() {
  const heard: string[] = [];
  const events: ConversationEvents = {
    inbound: (author, body) => void heard.push(`message ${author}: ${body}`),
    ended: () => void heard.push('ended'),
    unreadChanged: (count) => void heard.push(`unread ${count}`),
  };
  return { heard, events };
}

async function open(conversation: ScriptedConversation, events: ConversationEvents) {
  const session = await conversation.open({
    identity: 'visitor-1',
    conversationSid: 'CH1',
    token: 't',
    refreshToken: () => Promise.resolve('t'),
  });
  const saved: StoredOutboxItem[][] = [];
  const store = { outbox: () => [], saveOutbox: (_sid: string, items: StoredOutboxItem[]) => void saved.push(items) };
  const live = await LiveConversation.load(session, { store, panelOpen: () => false, canSee: () => false, events });
  return { session, live, saved };
}

describe('live conversation', () => {
  test('older pages are merged in front, in index order, without duplicates', async () => {
    const conversation = new ScriptedConversation();
    conversation.seed(PAGE_SIZE + 5);
    const { live } = await open(conversation, recorder().events);
    live.start(false);
    assert.equal(live.messages.value.length, PAGE_SIZE);
    assert.equal(live.hasOlder.value, true);
    await live.loadOlder();
    assert.deepEqual(
      live.messages.value.map((m) => m.index),
      [...Array(PAGE_SIZE + 5).keys()],
    );
    assert.equal(live.hasOlder.value, false);
  });

  test('older messages are fetched OLDER_PAGE_SIZE at a time and shown OLDER_STEP indices at a time; the next page is fetched ahead', async () => {
    const conversation = new ScriptedConversation();
    conversation.seed(PAGE_SIZE + 2 * OLDER_PAGE_SIZE + 1); // indices 0 … 230; the first page 201 … 230
    const { session, live } = await open(conversation, recorder().events);
    const asked: number[] = [];
    const older = session.older.bind(session);
    session.older = (before, size) => {
      asked.push(before);
      assert.equal(size, OLDER_PAGE_SIZE);
      return older(before, size);
    };
    live.start(false);
    const oldest = () => live.messages.value[0]?.index;
    await live.loadOlder();
    assert.deepEqual(asked, [201], 'one request for 101 … 200');
    assert.equal(oldest(), 200, 'the step completes the block of indices 200 … 224');
    await live.loadOlder();
    assert.equal(oldest(), 175);
    await live.loadOlder();
    await live.loadOlder();
    assert.equal(oldest(), 125);
    assert.deepEqual(asked, [201, 101], 'the shelf ran low (101 … 124): the page before it is fetched ahead');
    await live.loadOlder();
    assert.equal(oldest(), 101);
    await live.loadOlder();
    assert.equal(oldest(), 100, 'from the page fetched ahead, without asking again');
    assert.deepEqual(asked, [201, 101]);
    await live.loadAll();
    assert.deepEqual(
      live.messages.value.map((m) => m.index),
      [...Array(PAGE_SIZE + 2 * OLDER_PAGE_SIZE + 1).keys()],
    );
    assert.equal(live.hasOlder.value, false);
    assert.deepEqual(asked, [201, 101, 1]);
  });

  test('a page fetched ahead that failed is asked for again when it is needed', async () => {
    const conversation = new ScriptedConversation();
    conversation.seed(PAGE_SIZE + OLDER_PAGE_SIZE + 10);
    const { session, live } = await open(conversation, recorder().events);
    const asked: number[] = [];
    const older = session.older.bind(session);
    session.older = (before, size) => {
      asked.push(before);
      return asked.length === 2 ? Promise.reject(new Error('offline')) : older(before, size);
    };
    live.start(false);
    await live.loadAll();
    assert.equal(live.messages.value[0]?.index, 0);
    assert.deepEqual(asked, [OLDER_PAGE_SIZE + 10, 10, 10]);
  });

  test('a message that arrives while the first page loads is kept and announced', async () => {
    const conversation = new ScriptedConversation();
    conversation.join('agent-1', 'Alex');
    conversation.seed(2, 'agent-1');
    const session = await conversation.open({
      identity: 'visitor-1',
      conversationSid: 'CH1',
      token: 't',
      refreshToken: () => Promise.resolve('t'),
    });
    const latest = session.latest.bind(session);
    session.latest = async (size) => {
      const page = await latest(size);
      conversation.add('agent-1', 'meanwhile');
      return page;
    };
    const { heard, events } = recorder();
    const live = await LiveConversation.load(session, {
      store: { outbox: () => [], saveOutbox: () => undefined },
      panelOpen: () => false,
      canSee: () => false,
      events,
    });
    live.start(false);
    assert.deepEqual(
      live.messages.value.map((m) => m.body),
      ['History 0', 'History 1', 'meanwhile'],
    );
    assert.ok(heard.includes('message Alex: meanwhile'));
    assert.equal(live.lastInbound.value?.body, 'meanwhile');
  });

  test('the end is reported once, and typing stops', async () => {
    const conversation = new ScriptedConversation();
    conversation.join('agent-1', 'Alex');
    const { heard, events } = recorder();
    const { live } = await open(conversation, events);
    live.start(true);
    conversation.typing('agent-1', true);
    assert.deepEqual(live.typing.value, { 'agent-1': 'Alex' });
    conversation.end('closed');
    conversation.expire();
    assert.equal(live.ended.value, true);
    assert.deepEqual(live.typing.value, {});
    assert.deepEqual(
      heard.filter((h) => h === 'ended'),
      ['ended'],
    );
    live.send('after the end');
    assert.deepEqual(live.outbox.items.value, [], 'nothing is queued once ended');
  });

  test('after dispose the session is closed and nothing more is heard, sent or shown', async () => {
    const conversation = new ScriptedConversation();
    const { heard, events } = recorder();
    const { live, session } = await open(conversation, events);
    let closed = 0;
    const close = session.close.bind(session);
    session.close = () => ((closed += 1), close());
    live.start(true);
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      conversation.setConnection('disconnected');
      live.send('queued while offline');
      await live.dispose();
      heard.length = 0;
      mock.timers.tick(RECONNECTING_DELAY_MS);
      assert.equal(live.reconnecting.value, false, 'the banner timer died with the conversation');
      conversation.setConnection('connected');
      conversation.add('agent-1', 'too late');
      conversation.end('closed');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      mock.timers.reset();
    }
    assert.equal(closed, 1);
    assert.deepEqual(heard, []);
    assert.deepEqual(conversation.received, [], 'the outbox did not send after dispose');
    assert.equal(live.messages.value.length, 0);
    assert.equal(live.ended.value, false);
  });
});

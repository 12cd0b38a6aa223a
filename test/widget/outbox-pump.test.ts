/**
 * The outbox pump on its own: order, backoff after a transient failure, persistence per
 * conversation, the duplicate check of a stored (uncertain) item, and disposal.
 */
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { backoffMs, OutboxPump } from '../../widget/chat/outbox-pump.ts';
import type { StoredOutboxItem } from '../../widget/chat/outbox.ts';
import type { ChatMessage, ConnectionStatus, MessagePage, OutgoingMessage } from '../../widget/chat/types.ts';

/** Lets pending promise callbacks run (not a timer: safe with mocked setTimeout). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function fakeSession() {
  const sent: string[] = [];
  const state = {
    connection: 'connected' as ConnectionStatus,
    /** Sends that fail without an answer before the next one goes through. */
    failNext: 0,
    history: [] as ChatMessage[],
    latestCalls: 0,
  };
  const session = {
    conversationSid: 'CH1',
    connection: () => state.connection,
    latest: async (): Promise<MessagePage> => {
      state.latestCalls += 1;
      return { messages: state.history, hasOlder: false };
    },
    send: async (message: OutgoingMessage): Promise<void> => {
      if (state.failNext > 0) {
        state.failNext -= 1;
        throw new Error('Twilsock disconnected');
      }
      sent.push(message.body);
    },
  };
  return { session, sent, state };
}

function memoryOutboxStore(initial: Record<string, StoredOutboxItem[]> = {}) {
  const saved = new Map<string, StoredOutboxItem[]>(Object.entries(initial));
  return {
    saved,
    outbox: (sid: string) => saved.get(sid) ?? [],
    saveOutbox: (sid: string, items: StoredOutboxItem[]) => void saved.set(sid, items),
  };
}

describe('outbox pump', () => {
  test('backoff doubles from 1 s and stops at 15 s', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 10].map(backoffMs), [1000, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  });

  test('sends in order; a transient failure is tried again after the backoff, not before', async () => {
    const { session, sent, state } = fakeSession();
    const pump = new OutboxPump({ session, store: memoryOutboxStore(), canSend: () => true, found: () => undefined });
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      state.failNext = 1;
      pump.add('one');
      await settle();
      assert.deepEqual(sent, []);
      assert.deepEqual(
        pump.items.value.map((i) => i.status),
        ['uncertain'],
      );
      mock.timers.tick(backoffMs(1) - 1);
      await settle();
      assert.deepEqual(sent, [], 'nothing before the backoff has passed');
      mock.timers.tick(1);
      await settle();
      await settle();
      assert.deepEqual(sent, ['one']);
      pump.add('two');
      await settle();
      assert.deepEqual(sent, ['one', 'two']);
      assert.equal(state.latestCalls, 1, 'the uncertain item was looked for before it was sent again');
    } finally {
      mock.timers.reset();
      pump.dispose();
    }
  });

  test('waits while disconnected and while the conversation cannot take messages', async () => {
    const { session, sent, state } = fakeSession();
    let canSend = false;
    const pump = new OutboxPump({
      session,
      store: memoryOutboxStore(),
      canSend: () => canSend,
      found: () => undefined,
    });
    pump.add('held');
    await settle();
    assert.deepEqual(sent, []);
    canSend = true;
    state.connection = 'disconnected';
    pump.pump();
    await settle();
    assert.deepEqual(sent, []);
    state.connection = 'connected';
    pump.pump();
    await settle();
    assert.deepEqual(sent, ['held']);
  });

  test('what is not yet delivered is saved under the conversation; delivered items leave storage', async () => {
    const { session, state } = fakeSession();
    const store = memoryOutboxStore();
    state.connection = 'disconnected';
    const pump = new OutboxPump({ session, store, canSend: () => true, found: () => undefined });
    pump.add('kept');
    const saved = store.saved.get('CH1');
    assert.equal(saved?.length, 1);
    assert.equal(saved?.[0]?.body, 'kept');
    pump.delivered([saved[0].key]);
    assert.deepEqual(store.saved.get('CH1'), []);
    assert.deepEqual(pump.items.value, []);
  });

  test('a stored item found in the conversation after a reload is not sent again; what was found is handed over', async () => {
    const { session, sent, state } = fakeSession();
    const delivered: ChatMessage = {
      sid: 'IM1',
      index: 0,
      author: 'visitor-1',
      body: 'before reload',
      time: 0,
      media: [],
      clientKey: 'k1',
    };
    state.history = [delivered];
    const store = memoryOutboxStore({
      CH1: [
        { key: 'k1', body: 'before reload', createdAt: 0 },
        { key: 'k2', body: 'not yet', createdAt: 1 },
      ],
    });
    const found: ChatMessage[] = [];
    const pump = new OutboxPump({ session, store, canSend: () => true, found: (m) => found.push(...m) });
    assert.deepEqual(
      pump.items.value.map((i) => i.status),
      ['uncertain', 'uncertain'],
    );
    pump.pump();
    await settle();
    await settle();
    assert.deepEqual(sent, ['not yet']);
    assert.deepEqual([...new Set(found.map((m) => m.sid))], ['IM1']);
  });

  test('after dispose nothing is sent, saved or retried', async () => {
    const { session, sent, state } = fakeSession();
    const store = memoryOutboxStore();
    state.connection = 'disconnected';
    const pump = new OutboxPump({ session, store, canSend: () => true, found: () => undefined });
    pump.add('too late');
    const savedBefore = store.saved.get('CH1');
    pump.dispose();
    state.connection = 'connected';
    pump.pump();
    pump.retry(pump.items.value[0]!.key);
    await settle();
    assert.deepEqual(sent, []);
    assert.equal(store.saved.get('CH1'), savedBefore);
  });
});

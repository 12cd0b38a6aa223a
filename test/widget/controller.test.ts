/**
 * The controller's behaviour against the scripted stand-in back end (see
 * support/scripted-session.ts): outbox ordering and exactly-once delivery, init errors and
 * retry, resume, token refusal, unread counting, what the loader is told.
 */
import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import type { WidgetToHost } from '../../contracts/host-protocol.ts';
import type { InitRequest, SessionGrant } from '../../contracts/webchat-api.ts';
import type { PastMessage } from '../../contracts/previous-conversations.ts';
import { ApiError } from '../../widget/chat/api.ts';
import { ChatController } from '../../widget/chat/controller.ts';
import type { PageWakeups } from '../../widget/chat/grant-refresher.ts';
import type { InitFailure } from '../../widget/chat/failures.ts';
import { RECONNECTING_DELAY_MS, type LiveConversation } from '../../widget/chat/live-conversation.ts';
import { SessionStore } from '../../widget/chat/session-store.ts';
import { memoryStore } from '../../widget/storage.ts';
import { initFailureText } from '../../widget/ui/failure-text.ts';
import { ScriptedConversation } from './support/scripted-session.ts';
import { waitFor as waitForCondition } from '../../scripts/harness/wait.ts';

/** scripts/harness/wait.ts's `waitFor`, condition first; `debug` describes the state when it times out. */
async function waitFor(check: () => boolean, what = 'condition', debug?: () => string): Promise<void> {
  try {
    await waitForCondition(what, check, 5000);
  } catch (error) {
    if (debug && error instanceof Error) error.message += `: ${debug()}`;
    throw error;
  }
}

/** The live conversation of the chat phase. */
function chat(controller: ChatController): LiveConversation {
  const phase = controller.phase.value;
  assert.equal(phase.kind, 'chat');
  return phase.conversation;
}

/** The init failure shown on the form, if any. */
function formFailure(controller: ChatController): InitFailure | undefined {
  const phase = controller.phase.value;
  return phase.kind === 'form' ? phase.failure : undefined;
}

function grant(overrides: Partial<SessionGrant> = {}): SessionGrant {
  return {
    token: 'tok-1',
    identity: 'visitor-1',
    conversationSid: 'CH1',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    ...overrides,
  };
}

function setup(
  options: {
    init?: (r: InitRequest) => Promise<SessionGrant>;
    refresh?: () => Promise<SessionGrant>;
    end?: () => Promise<unknown>;
    store?: SessionStore;
    pageWakeups?: PageWakeups;
    recentMessages?: (token: string, conversationSid: string) => Promise<PastMessage[]>;
    hostReady?: Promise<void>;
  } = {},
) {
  const ends: { token: string; conversationSid: string }[] = [];
  const conversation = new ScriptedConversation();
  const toHost: WidgetToHost[] = [];
  const requests: InitRequest[] = [];
  const store = options.store ?? new SessionStore(memoryStore(), memoryStore());
  const controller = new ChatController({
    store,
    openSession: conversation.open,
    initChat: async (r) => {
      requests.push(r);
      return options.init ? options.init(r) : grant();
    },
    refreshToken: async () => (options.refresh ? options.refresh() : grant({ token: 'tok-2' })),
    endChat: async (token, conversationSid) => {
      ends.push({ token, conversationSid });
      return options.end ? options.end() : { status: 'closed' };
    },
    notifyHost: (m) => toHost.push(m),
    pageVisible: () => true,
    prefetchSdk: () => undefined,
    ...(options.pageWakeups ? { pageWakeups: options.pageWakeups } : {}),
    ...(options.recentMessages ? { recentMessages: options.recentMessages } : {}),
    ...(options.hostReady ? { hostReady: options.hostReady } : {}),
  });
  return { conversation, controller, toHost, requests, store, ends };
}

describe('chat controller (scripted back end)', () => {
  test('form values become the init request; the loader hears no session at boot, then conversationStarted and session', async () => {
    const { controller, requests, toHost } = setup();
    await controller.boot();
    assert.equal(controller.phase.value.kind, 'form');
    await controller.submitForm({ friendlyName: ' Ann ', email: 'ann@example.com', question: 'Where is my order?' });
    assert.deepEqual(requests, [
      // No bot check on this site: no Turnstile token (JSON leaves the undefined out).
      {
        friendlyName: 'Ann',
        question: 'Where is my order?',
        preEngagementData: { email: 'ann@example.com' },
        turnstileToken: undefined,
      },
    ]);
    assert.equal(controller.phase.value.kind, 'chat');
    assert.deepEqual(toHost.slice(0, 3), [
      { type: 'session', active: false },
      { type: 'conversationStarted', conversationSid: 'CH1' },
      { type: 'session', active: true },
    ]);
  });

  test('messages written while disconnected are delivered once each, in order, on reconnect', async () => {
    const { controller, conversation } = setup();
    await controller.boot();
    await controller.submitForm({ friendlyName: 'Ann', question: 'Hi' });
    conversation.setConnection('disconnected');
    chat(controller).send('one');
    chat(controller).send('two');
    chat(controller).send('three');
    assert.deepEqual(
      chat(controller).outbox.items.value.map((i) => i.status),
      ['queued', 'queued', 'queued'],
    );
    conversation.setConnection('connected');
    await waitFor(
      () => chat(controller).outbox.items.value.length === 0,
      'outbox to drain',
      () => JSON.stringify([chat(controller).outbox.items.value, conversation.received, conversation.messages]),
    );
    assert.deepEqual(conversation.received, ['one', 'two', 'three']);
    assert.deepEqual(
      chat(controller).messages.value.map((m) => m.body),
      ['one', 'two', 'three'],
    );
  });

  test('a send whose reply was lost is not sent twice (idempotency key)', async () => {
    const { controller, conversation } = setup();
    await controller.boot();
    await controller.submitForm({ friendlyName: 'Ann' });
    conversation.loseReplies = 1;
    chat(controller).send('only once');
    chat(controller).send('after');
    await waitFor(() => conversation.connection === 'disconnected', 'the drop');
    conversation.setConnection('connected');
    await waitFor(() => chat(controller).outbox.items.value.length === 0, 'outbox to drain');
    assert.deepEqual(conversation.received, ['only once', 'after']);
    assert.deepEqual(
      conversation.messages.map((m) => m.body),
      ['only once', 'after'],
    );
  });

  test('a refused send shows as failed and can be retried', async () => {
    const { controller, conversation } = setup();
    await controller.boot();
    await controller.submitForm({ friendlyName: 'Ann' });
    conversation.refuseSends = 'nope';
    chat(controller).send('refused');
    await waitFor(() => chat(controller).outbox.items.value[0]?.status === 'failed', 'failure');
    conversation.refuseSends = undefined;
    chat(controller).outbox.retry(chat(controller).outbox.items.value[0]!.key);
    await waitFor(() => chat(controller).outbox.items.value.length === 0, 'delivery');
    assert.deepEqual(
      conversation.messages.map((m) => m.body),
      ['refused'],
    );
  });

  test('init 429 → rate-limited message with the wait; retry works', async () => {
    let calls = 0;
    const { controller } = setup({
      init: async () => {
        calls += 1;
        if (calls === 1) throw new ApiError(429, 'rate_limited', 'Too many requests', 30);
        return grant();
      },
    });
    await controller.boot();
    await controller.submitForm({ friendlyName: 'Ann' });
    assert.deepEqual(formFailure(controller), { code: 'rate_limited', retryAfter: 30 });
    assert.equal(initFailureText(formFailure(controller)!), 'Too many attempts. Please wait 30 seconds and try again.');
    await controller.retryInit();
    assert.equal(formFailure(controller), undefined);
    assert.equal(controller.phase.value.kind, 'chat');
  });

  test("init 502 → the server's message", async () => {
    const { controller } = setup({
      init: async () => {
        throw new ApiError(502, 'upstream_error', 'Twilio said no (20003)');
      },
    });
    await controller.boot();
    await controller.submitForm({ friendlyName: 'Ann' });
    assert.deepEqual(formFailure(controller), { code: 'refused', detail: 'Twilio said no (20003)' });
    assert.equal(initFailureText(formFailure(controller)!), 'We could not start the chat. Twilio said no (20003)');
  });

  test('resume: a stored session comes back without the form; an expired token is refreshed first', async () => {
    const store = new SessionStore(memoryStore(), memoryStore());
    store.saveSession(grant({ expiresAt: new Date(Date.now() - 1000).toISOString() }));
    const { controller, conversation } = setup({ store });
    conversation.seed(3);
    await controller.boot();
    assert.equal(controller.phase.value.kind, 'chat');
    assert.equal(chat(controller).messages.value.length, 3);
    assert.equal(store.session()?.token, 'tok-2');
  });

  test('resume with the panel open: the latest messages are shown while the SDK connects, then the live view; none asked for while closed', async () => {
    const store = new SessionStore(memoryStore(), memoryStore());
    store.saveSession(grant());
    const asked: string[] = [];
    let answer: (messages: PastMessage[]) => void = () => undefined;
    let hostSaid: () => void = () => undefined;
    const { controller, conversation } = setup({
      store,
      hostReady: new Promise((resolve) => (hostSaid = resolve)),
      recentMessages: (token, sid) => {
        asked.push(`${token} ${sid}`);
        return new Promise((resolve) => (answer = resolve));
      },
    });
    conversation.seed(3);
    const booted = controller.boot();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(asked, [], 'the panel is closed: nothing asked for');
    // The handshake says the visitor clicked: the preview is asked for, and the SDK waits for it.
    controller.setPanelOpen(true);
    hostSaid();
    assert.deepEqual(asked, ['tok-1 CH1']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(controller.phase.value.kind, 'loading', 'the SDK has not taken over before the preview');
    const latest: PastMessage = {
      sid: 'IM1',
      own: false,
      authorName: 'Alex',
      body: 'Hello',
      sentAt: new Date().toISOString(),
      files: [],
    };
    // What the view was given, in order (the scripted SDK connects at once after the preview).
    const shown: string[] = [];
    controller.recent.subscribe((messages) => shown.push(messages ? messages.map((m) => m.body).join() : '-'));
    answer([latest]);
    await booted;
    assert.deepEqual(shown, ['-', 'Hello', '-']);
    assert.equal(controller.phase.value.kind, 'chat');
    assert.equal(controller.recent.value, undefined, 'the live view replaced it');
  });

  test('a preview that fails, or answers after the live view, shows nothing; the resume goes on', async () => {
    for (const late of [false, true]) {
      const store = new SessionStore(memoryStore(), memoryStore());
      store.saveSession(grant());
      let answer: (messages: PastMessage[]) => void = () => undefined;
      const { controller, conversation } = setup({
        store,
        recentMessages: () =>
          late ? new Promise((resolve) => (answer = resolve)) : Promise.reject(new ApiError(0, 'network_error', '')),
      });
      conversation.seed(2);
      controller.setPanelOpen(true);
      await controller.boot(); // a late preview is waited for 300 ms at most
      assert.equal(controller.phase.value.kind, 'chat');
      answer([{ sid: 'IM9', own: true, authorName: '', body: 'late', sentAt: '', files: [] }]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(controller.recent.value, undefined, late ? 'late' : 'failed');
    }
  });

  test('resume refused by the server → ended, loader told', async () => {
    const store = new SessionStore(memoryStore(), memoryStore());
    store.saveSession(grant({ expiresAt: new Date(Date.now() - 1000).toISOString() }));
    const { controller, toHost } = setup({
      store,
      refresh: async () => {
        throw new ApiError(401, 'session_expired', 'expired');
      },
    });
    await controller.boot();
    assert.deepEqual(controller.phase.value, { kind: 'ended', reason: 'sessionExpired' });
    assert.ok(toHost.some((m) => m.type === 'conversationEnded'));
    assert.ok(toHost.some((m) => m.type === 'session' && !m.active));
  });

  test('mid-chat, a token refresh that fails is retried at once when the page wakes up; the chat goes on', async () => {
    const answers: (() => Promise<SessionGrant>)[] = [
      () => Promise.reject(new ApiError(502, 'upstream_error', 'Twilio answered 500')),
      () => Promise.resolve(grant({ token: 'tok-2' })),
    ];
    const wake = new Set<() => void>();
    const { controller, conversation, store } = setup({
      refresh: () => answers.shift()!(),
      pageWakeups: (listener) => (wake.add(listener), () => wake.delete(listener)),
    });
    await controller.boot();
    await controller.submitForm({ friendlyName: 'Ann', question: 'Q' });
    const asked = conversation.tokenExpired();
    await waitFor(() => wake.size === 1, 'the retry waiting');
    wake.forEach((listener) => listener());
    await asked;
    assert.deepEqual(conversation.tokens, ['tok-2']);
    assert.equal(store.session()?.token, 'tok-2');
    assert.equal(chat(controller).ended.value, false);
  });

  test('mid-chat, the server refuses the session → ended with "session expired"; a torn-down chat stops retrying', async () => {
    let refuse = false;
    let refreshes = 0;
    const { controller, conversation } = setup({
      refresh: () => {
        refreshes += 1;
        return Promise.reject(
          refuse
            ? new ApiError(401, 'session_expired', 'This chat session has expired.')
            : new ApiError(0, 'network_error', ''),
        );
      },
    });
    await controller.boot();
    await controller.submitForm({ friendlyName: 'Ann', question: 'Q' });
    const live = chat(controller);
    const asked = conversation.tokenExpired();
    await waitFor(() => refreshes === 1, 'the first refresh');
    refuse = true;
    await asked; // the retry, 1 s later, is refused
    assert.equal(refreshes, 2);
    assert.equal(live.ended.value, true);
    assert.equal(live.endReason.value, 'sessionExpired');

    // Start new chat while a renewal is waiting to retry: it stops.
    refuse = false;
    await controller.startNew();
    await controller.submitForm({ friendlyName: 'Ann', question: 'Q2' });
    const second = conversation.tokenExpired();
    await waitFor(() => refreshes === 3, 'the refresh of the second chat');
    await controller.reset();
    await second;
    assert.equal(refreshes, 3, 'no retry after the teardown');
  });

  test('unread count follows the read horizon, which moves only while the panel is open', async () => {
    const { controller, conversation, toHost } = setup();
    await controller.boot();
    await controller.submitForm({ friendlyName: 'Ann' });
    conversation.join('agent-1', 'Alex');
    conversation.add('agent-1', 'Hello');
    conversation.add('agent-1', 'Anyone there?');
    assert.equal(chat(controller).reads.unread.value, 2);
    assert.deepEqual(toHost.filter((m) => m.type === 'unreadChange').at(-1), { type: 'unreadChange', count: 2 });
    assert.equal(chat(controller).displayName('agent-1'), 'Alex');
    controller.setPanelOpen(true);
    assert.equal(chat(controller).reads.unread.value, 0);
    assert.equal(conversation.visitorRead, 1);
    assert.equal(chat(controller).reads.dividerBefore.value, conversation.messages[0]!.sid);
    assert.deepEqual(toHost.filter((m) => m.type === 'unreadChange').at(-1), { type: 'unreadChange', count: 0 });
    assert.deepEqual(
      toHost.filter((m) => m.type === 'message'),
      [
        { type: 'message', author: 'Alex', body: 'Hello' },
        { type: 'message', author: 'Alex', body: 'Anyone there?' },
      ],
    );
  });

  test('"Reconnecting…" only once the connection has been down for a moment, not for a blip', async () => {
    const { controller, conversation } = setup();
    await controller.boot();
    await controller.submitForm({ friendlyName: 'Ann', question: 'Hi' });
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      conversation.setConnection('disconnected');
      mock.timers.tick(RECONNECTING_DELAY_MS - 1);
      conversation.setConnection('connected');
      mock.timers.tick(RECONNECTING_DELAY_MS);
      assert.equal(chat(controller).reconnecting.value, false, 'a blip goes unnoticed');

      conversation.setConnection('disconnected');
      mock.timers.tick(RECONNECTING_DELAY_MS);
      assert.equal(chat(controller).reconnecting.value, true);
      conversation.setConnection('connecting');
      assert.equal(chat(controller).reconnecting.value, true);
      conversation.setConnection('connected');
      assert.equal(chat(controller).reconnecting.value, false);
    } finally {
      mock.timers.reset();
    }
  });

  test('"New messages": not in a chat the visitor just started, but before what arrived while away on resume', async () => {
    const fresh = setup();
    fresh.controller.setPanelOpen(true);
    fresh.conversation.seed(1, 'Concierge'); // the welcome, there before the SDK connects
    await fresh.controller.boot();
    await fresh.controller.submitForm({ friendlyName: 'Ann', question: 'Hi' });
    assert.equal(fresh.controller.phase.value.kind, 'chat');
    assert.equal(chat(fresh.controller).reads.dividerBefore.value, undefined);

    const store = new SessionStore(memoryStore(), memoryStore());
    store.saveSession(grant());
    const returning = setup({ store });
    returning.conversation.seed(2, 'agent-1');
    returning.controller.setPanelOpen(true);
    await returning.controller.boot();
    assert.equal(chat(returning.controller).reads.dividerBefore.value, returning.conversation.messages[0]!.sid);
  });

  test('the agent ends the chat → ended; Start new chat clears the session and prefills the form', async () => {
    const { controller, conversation, toHost, store } = setup();
    await controller.boot();
    await controller.submitForm({ friendlyName: 'Ann', email: 'ann@example.com', question: 'Q' });
    conversation.end('closed');
    assert.equal(chat(controller).ended.value, true);
    assert.ok(toHost.some((m) => m.type === 'conversationEnded'));
    await controller.startNew();
    assert.equal(store.session(), null);
    assert.equal(controller.phase.value.kind, 'form');
    assert.deepEqual(controller.prefill.value, { friendlyName: 'Ann', email: 'ann@example.com' });
  });

  test("inactive (Flex's inactivity timer) is not ended: the visitor can still send, and active again changes nothing", async () => {
    const { controller, conversation, toHost } = setup();
    await controller.boot();
    await controller.submitForm({ friendlyName: 'Ann', question: 'Q' });
    conversation.end('inactive');
    assert.equal(chat(controller).ended.value, false);
    assert.ok(!toHost.some((m) => m.type === 'conversationEnded'));
    chat(controller).send('still there?');
    await waitFor(() => conversation.received.includes('still there?'), 'the message after inactive');
  });

  test('the visitor ends the chat: the server is asked with the stored token, then the ended view', async () => {
    const { controller, ends, toHost } = setup();
    await controller.boot();
    await controller.submitForm({ friendlyName: 'Ann', question: 'Q' });
    assert.equal(await controller.endChat(), true);
    assert.deepEqual(ends, [{ token: 'tok-1', conversationSid: 'CH1' }]);
    assert.equal(chat(controller).ended.value, true);
    assert.ok(toHost.some((m) => m.type === 'conversationEnded'));
    assert.equal(await controller.endChat(), true, 'ending an ended chat asks nothing more');
    assert.equal(ends.length, 1);
  });

  test('ending the chat fails (network): the chat goes on; a refused session ends it anyway', async () => {
    const failing = setup({ end: () => Promise.reject(new ApiError(0, 'network_error', '')) });
    await failing.controller.boot();
    await failing.controller.submitForm({ friendlyName: 'Ann', question: 'Q' });
    assert.equal(await failing.controller.endChat(), false);
    assert.equal(chat(failing.controller).ended.value, false);

    const refused = setup({ end: () => Promise.reject(new ApiError(401, 'session_expired', '')) });
    await refused.controller.boot();
    await refused.controller.submitForm({ friendlyName: 'Ann', question: 'Q' });
    assert.equal(await refused.controller.endChat(), true);
    assert.equal(chat(refused.controller).ended.value, true);
  });

  test("the form's Turnstile token goes with the init; the server's 403 bot_check_failed and 409 outside_business_hours become failure codes", async () => {
    const { controller, requests } = setup();
    await controller.boot();
    controller.botCheckToken.value = 'token-1';
    await controller.submitForm({ friendlyName: 'Ann', question: 'Q' });
    assert.equal(requests[0]?.turnstileToken, 'token-1');

    const refused = setup({ init: () => Promise.reject(new ApiError(403, 'bot_check_failed', 'no')) });
    await refused.controller.boot();
    await refused.controller.submitForm({ friendlyName: 'Ann', question: 'Q' });
    assert.deepEqual(refused.controller.phase.value, { kind: 'form', failure: { code: 'botCheck' } });

    const closed = setup({
      init: () =>
        Promise.reject(new ApiError(409, 'outside_business_hours', 'closed', undefined, '2026-12-07T08:00:00.000Z')),
    });
    await closed.controller.boot();
    await closed.controller.submitForm({ friendlyName: 'Ann', question: 'Q' });
    assert.deepEqual(closed.controller.phase.value, {
      kind: 'form',
      failure: { code: 'offline', nextOpenAt: '2026-12-07T08:00:00.000Z' },
    });
  });

  test('setUser with skipForm starts the chat without the form', async () => {
    const { controller, requests } = setup();
    await controller.boot();
    controller.setUser({ friendlyName: 'Bo', plan: 'gold' }, true);
    await waitFor(() => controller.phase.value.kind === 'chat', 'chat');
    assert.deepEqual(requests, [
      { friendlyName: 'Bo', preEngagementData: { plan: 'gold' }, turnstileToken: undefined },
    ]);
  });

  test("the host's identity token and page context go with the init; reset (signing out) forgets the token", async () => {
    const { controller, requests } = setup({
      init: async () => Promise.reject(new ApiError(401, 'invalid_identity_token', '')),
    });
    await controller.boot();
    controller.setContext({ pageUrl: 'https://shop.example.com/cart', plan: 'pro' });
    controller.setUser({ friendlyName: 'Ada' }, false, 'jwt-1');
    await controller.submitForm({ friendlyName: 'Ada', question: 'Hi' });
    assert.deepEqual(requests[0], {
      friendlyName: 'Ada',
      question: 'Hi',
      identityToken: 'jwt-1',
      context: { pageUrl: 'https://shop.example.com/cart', plan: 'pro' },
      turnstileToken: undefined,
    });
    assert.deepEqual(formFailure(controller), { code: 'signInNotConfirmed' });
    assert.equal(
      initFailureText({ code: 'signInNotConfirmed' }),
      'We could not confirm that you are signed in. Please reload the page and try again.',
    );
    await controller.reset();
    await controller.submitForm({ friendlyName: 'Ada', question: 'Hi' });
    assert.equal(requests[1]!.identityToken, undefined, 'signed out: no token');
  });

  test('identity_required from the server asks the visitor to sign in', async () => {
    const { controller } = setup({ init: async () => Promise.reject(new ApiError(401, 'identity_required', 'x')) });
    await controller.boot();
    await controller.submitForm({ friendlyName: 'Ann', question: 'Q' });
    assert.deepEqual(formFailure(controller), { code: 'signInRequired' });
    assert.equal(initFailureText({ code: 'signInRequired' }), 'Please sign in to chat with us.');
  });
});

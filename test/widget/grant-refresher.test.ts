/**
 * The token renewal's retry policy: transient failures are retried with backoff (1 s, 2 s, 4 s …
 * 30 s, or the server's Retry-After), at once when the page comes back online or into view; a
 * refusal is final; a torn-down connection stops retrying. Timers are mocked.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import type { SessionGrant } from '../../contracts/webchat-api.ts';
import { ApiError } from '../../widget/chat/api.ts';
import { GrantRefresher, retryDelayMs, RETRY_FIRST_MS, RETRY_MAX_MS } from '../../widget/chat/grant-refresher.ts';

function grant(token: string): SessionGrant {
  return { token, identity: 'visitor-1', conversationSid: 'CH1', expiresAt: '2030-01-01T00:00:00.000Z' };
}

const badGateway = new ApiError(502, 'upstream_error', 'Twilio answered 500');
const offline = new ApiError(0, 'network_error', '');

/** A refresher whose server answers with `answers` in turn (an Error is thrown), counting the calls. */
function rig(answers: (SessionGrant | Error)[]) {
  let stored: SessionGrant | null = grant('tok-1');
  const calls: string[] = [];
  const wakeListeners = new Set<() => void>();
  const refresher = new GrantRefresher({
    store: { session: () => stored, saveSession: (g) => void (stored = g) },
    refresh: (token) => {
      calls.push(token);
      const answer = answers.shift() ?? new Error('no scripted answer left');
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    wakeups: (listener) => {
      wakeListeners.add(listener);
      return () => wakeListeners.delete(listener);
    },
  });
  return {
    refresher,
    calls,
    stored: () => stored,
    wake: () => [...wakeListeners].forEach((l) => l()),
    listening: () => wakeListeners.size,
  };
}

/** Lets pending promise callbacks run (the refresher's awaits) without moving the mocked clock. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('token renewal retries', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  test('the backoff doubles from 1 s up to 30 s; a longer Retry-After wins', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 20].map((failures) => retryDelayMs(failures)),
      [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000],
    );
    assert.equal(RETRY_FIRST_MS, 1000);
    assert.equal(RETRY_MAX_MS, 30_000);
    assert.equal(retryDelayMs(1, new ApiError(429, 'rate_limited', '', 45)), 45_000);
    assert.equal(retryDelayMs(6, new ApiError(429, 'rate_limited', '', 2)), 30_000);
  });

  test('a failed refresh (502, then a network error) is retried after 1 s, then 2 s, and the new grant is saved', async () => {
    const { refresher, calls, stored } = rig([badGateway, offline, grant('tok-2')]);
    const token = refresher.renewToken();
    await settle();
    assert.equal(calls.length, 1);
    mock.timers.tick(999);
    await settle();
    assert.equal(calls.length, 1, 'not before 1 s');
    mock.timers.tick(1);
    await settle();
    assert.equal(calls.length, 2);
    mock.timers.tick(1999);
    await settle();
    assert.equal(calls.length, 2, 'not before 2 s more');
    mock.timers.tick(1);
    assert.equal(await token, 'tok-2');
    assert.deepEqual(calls, ['tok-1', 'tok-1', 'tok-1']);
    assert.equal(stored()?.token, 'tok-2');
  });

  test('the page coming back online or into view retries at once', async () => {
    const { refresher, calls, wake, listening } = rig([offline, offline, offline, offline, grant('tok-2')]);
    const token = refresher.renewToken();
    await settle();
    mock.timers.tick(1000);
    await settle();
    mock.timers.tick(2000);
    await settle();
    mock.timers.tick(4000);
    await settle();
    assert.equal(calls.length, 4, 'now waiting 8 s');
    assert.equal(listening(), 1);
    wake();
    assert.equal(await token, 'tok-2', 'without the clock moving');
    assert.equal(calls.length, 5);
    assert.equal(listening(), 0, 'no listener left behind');
  });

  test('a refusal (401 session_expired, 403) is final: no retry', async () => {
    for (const refusal of [
      new ApiError(401, 'session_expired', 'This conversation has ended.'),
      new ApiError(401, 'invalid_token', ''),
      new ApiError(403, 'origin_not_allowed', ''),
    ]) {
      const { refresher, calls } = rig([badGateway, refusal]);
      const token = refresher.renewToken();
      await settle();
      mock.timers.tick(1000);
      await assert.rejects(token, (e: unknown) => e === refusal);
      assert.equal(calls.length, 2);
    }
  });

  test('a torn-down connection stops the retries', async () => {
    const { refresher, calls, listening } = rig([offline, offline]);
    const connection = new AbortController();
    const token = refresher.renewToken(connection.signal);
    await settle();
    connection.abort();
    await assert.rejects(token, (e: unknown) => e === offline);
    mock.timers.tick(60_000);
    await settle();
    assert.equal(calls.length, 1);
    assert.equal(listening(), 0);
  });
});

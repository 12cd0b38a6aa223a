/** Starting and keeping a session: form values → init request, init failures as codes and their words, token renewal. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SessionGrant } from '../../contracts/webchat-api.ts';
import { ApiError } from '../../widget/chat/api.ts';
import { initFailure } from '../../widget/chat/failures.ts';
import { GrantRefresher, REFRESH_MARGIN_MS } from '../../widget/chat/grant-refresher.ts';
import { initRequestFrom } from '../../widget/chat/init-request.ts';
import { connectFailureText, initFailureText } from '../../widget/ui/failure-text.ts';

const NOW = Date.parse('2026-01-01T12:00:00Z');

function grant(token: string, expiresInMs: number): SessionGrant {
  return { token, identity: 'v1', conversationSid: 'CH1', expiresAt: new Date(NOW + expiresInMs).toISOString() };
}

describe('session start', () => {
  test('form values: name and question are the request; the rest, trimmed and non-empty, is pre-engagement data; the question is not remembered', () => {
    assert.deepEqual(
      initRequestFrom({ friendlyName: ' Ann ', question: ' Hi ', email: ' a@b.c ', phone: ' ' }, 'Guest'),
      {
        request: { friendlyName: 'Ann', question: 'Hi', preEngagementData: { email: 'a@b.c' } },
        remembered: { friendlyName: 'Ann', email: ' a@b.c ', phone: ' ' },
      },
    );
    assert.deepEqual(initRequestFrom({ friendlyName: '  ' }, 'Guest'), {
      request: { friendlyName: 'Guest' },
      remembered: {},
    });
  });

  test('init failures are codes; the UI words them', () => {
    const cases: [unknown, ReturnType<typeof initFailure>, string][] = [
      [
        new ApiError(429, 'rate_limited', '', 30),
        { code: 'rate_limited', retryAfter: 30 },
        'Too many attempts. Please wait 30 seconds and try again.',
      ],
      [
        new ApiError(429, 'rate_limited', ''),
        { code: 'rate_limited' },
        'Too many attempts. Please wait a moment and try again.',
      ],
      [
        new ApiError(0, 'network_error', ''),
        { code: 'unreachable' },
        'The chat service could not be reached. Check your connection and try again.',
      ],
      [
        new ApiError(502, 'upstream_error', 'Twilio said no'),
        { code: 'refused', detail: 'Twilio said no' },
        'We could not start the chat. Twilio said no',
      ],
      [new Error('boom'), { code: 'refused', detail: '' }, 'We could not start the chat.'],
    ];
    for (const [error, failure, text] of cases) {
      assert.deepEqual(initFailure(error), failure);
      assert.equal(initFailureText(failure), text);
    }
    assert.equal(
      connectFailureText({ code: 'unreachable' }),
      'The chat service could not be reached. Check your connection and try again.',
    );
  });

  test('a grant is renewed (and saved) only when it is about to expire; the SDK gets a token for the stored session', async () => {
    let stored: SessionGrant | null = grant('stored', REFRESH_MARGIN_MS + 1);
    const calls: string[] = [];
    const refresher = new GrantRefresher({
      store: { session: () => stored, saveSession: (g) => void (stored = g) },
      refresh: async (token) => (calls.push(token), grant(`${token}+1`, 3_600_000)),
      now: () => NOW,
    });
    const fresh = grant('fresh', REFRESH_MARGIN_MS);
    assert.equal(await refresher.upToDate(fresh), fresh);
    assert.deepEqual(calls, []);
    assert.equal((await refresher.upToDate(grant('old', REFRESH_MARGIN_MS - 1))).token, 'old+1');
    assert.equal(stored?.token, 'old+1');
    assert.equal(await refresher.renewToken(), 'old+1+1');
    assert.deepEqual(calls, ['old', 'old+1']);
    stored = null;
    await assert.rejects(refresher.renewToken(), (e: unknown) => e instanceof ApiError && e.status === 401);
  });
});

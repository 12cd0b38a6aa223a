/**
 * The server's integration suite, run unchanged against the Node server and against the
 * Workers bundle in workerd (Miniflare), with the recording Twilio stand-in as back end.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mintAccessToken, verifyAccessToken } from '../../server/tokens/access-token.ts';
import { createHmac } from 'node:crypto';
import { FEEDBACK_HOOK_PATH, RecordingTwilio } from '../../scripts/harness/recording-twilio.ts';
import { startServer, TEST_ENV, TEST_KEYS, type RunningServer, type Runtime } from '../../scripts/harness/servers.ts';
import { waitFor } from '../../scripts/harness/wait.ts';

type Json = Record<string, unknown>;

interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

const FEEDBACK_SECRET = 'feedback-webhook-secret-for-the-tests-0123456789';

export function defineIntegrationSuite(runtime: Runtime): void {
  describe(`server on ${runtime}`, () => {
    const twilio = new RecordingTwilio();
    let server: RunningServer;

    const envFor = (extra: Record<string, string> = {}) => ({
      ...TEST_ENV,
      FLEX_API_URL: twilio.url,
      CONVERSATIONS_API_URL: twilio.url,
      // The suite sends everything from one address; the rate-limit test sets its own limits.
      RATE_LIMIT_INIT_PER_MINUTE: '1000',
      RATE_LIMIT_TOKEN_PER_MINUTE: '1000',
      FEEDBACK_WEBHOOK_URL: twilio.url + FEEDBACK_HOOK_PATH,
      FEEDBACK_WEBHOOK_SECRET: FEEDBACK_SECRET,
      ...extra,
    });

    async function call(
      base: RunningServer,
      path: string,
      init: { body?: unknown; headers?: Record<string, string>; raw?: string } = {},
    ): Promise<Answer> {
      const response = await fetch(base.url + path, {
        method: init.body === undefined && init.raw === undefined ? 'GET' : 'POST',
        headers: { Origin: base.url, 'Content-Type': 'application/json', ...init.headers },
        body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Json) : {} };
    }
    const post = (path: string, body: unknown, headers?: Record<string, string>) =>
      call(server, path, { body, headers });

    const errorOf = (answer: Answer) => answer.body.error as { code: string; message: string };

    before(async () => {
      await twilio.start();
      server = await startServer(runtime, envFor());
    });
    after(async () => {
      await server?.close();
      await twilio.stop();
    });
    beforeEach(() => twilio.reset());

    test('GET /health answers ok', async () => {
      const answer = await call(server, '/health');
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { status: 'ok' });
    });

    describe('security headers', () => {
      test('every response says nosniff; API and JSON answers are same-origin resources', async () => {
        const health = await call(server, '/health');
        const created = await post('/api/webchat/init', { friendlyName: 'Hedy' });
        const invalid = await post('/api/webchat/init', { friendlyName: '' });
        const apiMissing = await post('/api/webchat/nothing', {});
        const missing = await call(server, '/nothing-here');
        for (const [what, answer] of Object.entries({ health, created, invalid, apiMissing, missing })) {
          assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
          assert.equal(answer.headers.get('cross-origin-resource-policy'), 'same-origin', `${what}: CORP`);
        }
        assert.equal(missing.status, 404);
      });

      test('every API answer, and above all a token-bearing one, is never stored', async () => {
        const created = await post('/api/webchat/init', { friendlyName: 'Ivy' });
        assert.equal(created.status, 201);
        assert.equal(created.headers.get('cache-control'), 'no-store');
        const refreshed = await post('/api/webchat/token', {
          token: created.body.token,
          conversationSid: created.body.conversationSid,
        });
        assert.equal(refreshed.status, 200);
        assert.equal(refreshed.headers.get('cache-control'), 'no-store');
        const refused = await post('/api/webchat/token', {
          token: 'a.b.c',
          conversationSid: created.body.conversationSid,
        });
        assert.equal(refused.headers.get('cache-control'), 'no-store');
      });

      test('API answers vary by Origin', async () => {
        const created = await post('/api/webchat/init', { friendlyName: 'Jan' });
        assert.match(created.headers.get('vary') ?? '', /\bOrigin\b/i);
        const refused = await post('/api/webchat/init', { friendlyName: 'Jan' }, { Origin: 'https://evil.example' });
        assert.match(refused.headers.get('vary') ?? '', /\bOrigin\b/i);
      });
    });

    describe('POST /api/webchat/init', () => {
      test('creates the web chat, posts the question then the welcome, and returns a token', async () => {
        const answer = await post('/api/webchat/init', {
          friendlyName: '  Ann Example ',
          question: 'Where is my order?',
          preEngagementData: { email: 'ann@example.com', vip: true, orders: 3 },
        });
        assert.equal(answer.status, 201);
        const { token, identity, conversationSid, expiresAt } = answer.body as Record<string, string>;
        assert.match(conversationSid!, /^CH[0-9a-f]{32}$/);
        assert.ok(identity);
        const verified = await verifyAccessToken(token!, {
          ...TEST_KEYS,
        });
        assert.ok(verified.ok, 'the token is signed with the API key secret');
        assert.equal(verified.claims.grants.identity, identity);
        assert.equal(verified.claims.exp - verified.claims.iat, 3600);
        assert.equal(new Date(expiresAt!).getTime(), verified.claims.exp * 1000);
        assert.equal(expiresAt, new Date(expiresAt!).toISOString());

        await waitFor('the welcome message', () => twilio.requests.length === 3);
        const [create, question, welcome] = twilio.requests;
        assert.equal(create!.method, 'POST');
        assert.equal(create!.path, '/v2/WebChats');
        assert.equal(create!.username, TEST_ENV.TWILIO_API_KEY_SID);
        assert.equal(create!.password, TEST_ENV.TWILIO_API_KEY_SECRET);
        assert.equal(create!.headers['content-type'], 'application/x-www-form-urlencoded');
        assert.deepEqual(Object.keys(create!.form).sort(), [
          'AddressSid',
          'ChatFriendlyName',
          'CustomerFriendlyName',
          'PreEngagementData',
        ]);
        assert.equal(create!.form.AddressSid, TEST_ENV.FLEX_ADDRESS_SID);
        assert.equal(create!.form.ChatFriendlyName, 'Webchat');
        assert.equal(create!.form.CustomerFriendlyName, 'Ann Example');
        assert.deepEqual(JSON.parse(create!.form.PreEngagementData!), {
          email: 'ann@example.com',
          vip: true,
          orders: 3,
          friendlyName: 'Ann Example',
          question: 'Where is my order?',
        });

        assert.equal(question!.path, `/v1/Conversations/${conversationSid}/Messages`);
        assert.deepEqual(question!.form, { Author: identity, Body: 'Where is my order?' });
        assert.equal(question!.headers['x-twilio-webhook-enabled'], 'true');
        assert.equal(question!.username, TEST_ENV.TWILIO_API_KEY_SID);

        assert.equal(welcome!.path, `/v1/Conversations/${conversationSid}/Messages`);
        assert.deepEqual(welcome!.form, {
          Author: 'Concierge',
          Body: 'Welcome Ann Example! An agent will be with you in just a moment.',
        });
        assert.equal(welcome!.headers['x-twilio-webhook-enabled'], 'false');
      });

      test('answers after two sequential upstream round trips, without waiting for the welcome', async () => {
        // The welcome never gets an answer: the visitor must get their token anyway.
        twilio.inject({ match: '/Messages', form: { Author: 'Concierge' }, hang: true });
        const answer = await post('/api/webchat/init', { friendlyName: 'Bo', question: 'Hi' });
        assert.equal(answer.status, 201);
        const before = twilio.requests.filter((r) => r.form.Author !== 'Concierge');
        assert.deepEqual(
          before.map((r) => r.path.replace(/CH[0-9a-f]+/, 'CH')),
          ['/v2/WebChats', '/v1/Conversations/CH/Messages'],
        );
        await waitFor('the welcome to be sent after the question', () => twilio.requests.length === 3);
        // In the order received: the web chat, the question, then the welcome, into the new conversation.
        assert.deepEqual(
          twilio.requests.map((r) => [r.path, r.form.Author === 'Concierge']),
          [
            ['/v2/WebChats', false],
            [`/v1/Conversations/${String(answer.body.conversationSid)}/Messages`, false],
            [`/v1/Conversations/${String(answer.body.conversationSid)}/Messages`, true],
          ],
        );
      });

      test('without a question only the welcome is posted (webhooks off)', async () => {
        const answer = await post('/api/webchat/init', { friendlyName: 'Cy' });
        assert.equal(answer.status, 201);
        await waitFor('the welcome message', () => twilio.requests.length === 2);
        const data = JSON.parse(twilio.requests[0]!.form.PreEngagementData!) as Json;
        assert.deepEqual(data, { friendlyName: 'Cy' });
        assert.equal(twilio.requests[1]!.form.Author, 'Concierge');
        assert.equal(twilio.requests[1]!.headers['x-twilio-webhook-enabled'], 'false');
      });

      test("an upstream error is a 502 with Twilio's code and message and no secret", async () => {
        twilio.inject({
          match: '/v2/WebChats',
          status: 400,
          body: {
            code: 20001,
            message: 'ISxxx is invalid',
            more_info: 'https://www.twilio.com/docs/errors/20001',
            status: 400,
          },
        });
        const answer = await post('/api/webchat/init', { friendlyName: 'Di', question: 'Q' });
        assert.equal(answer.status, 502);
        assert.equal(errorOf(answer).code, 'upstream_error');
        assert.match(errorOf(answer).message, /20001/);
        assert.match(errorOf(answer).message, /ISxxx is invalid/);
        assert.doesNotMatch(JSON.stringify(answer.body), new RegExp(TEST_ENV.TWILIO_API_KEY_SECRET));
        assert.equal(twilio.requests.length, 1, 'nothing is posted to a conversation that was not created');
      });

      test('Twilio rate limiting is a 502 that passes Retry-After on', async () => {
        twilio.inject({
          match: '/v2/WebChats',
          status: 429,
          headers: { 'Retry-After': '7' },
          body: { code: 20429, message: 'Too Many Requests', status: 429 },
        });
        const answer = await post('/api/webchat/init', { friendlyName: 'Ed' });
        assert.equal(answer.status, 502);
        assert.equal(answer.headers.get('retry-after'), '7');
        assert.match(errorOf(answer).message, /20429/);
      });

      test('a failing question is a 502 naming what failed', async () => {
        twilio.inject({ match: '/Messages', status: 500 });
        const answer = await post('/api/webchat/init', { friendlyName: 'Flo', question: 'Q' });
        assert.equal(answer.status, 502);
        assert.match(errorOf(answer).message, /question/);
      });

      test('a failing question closes the conversation Flex created: no orphan stays active (defect 3)', async () => {
        twilio.inject({ match: '/Messages', status: 500, count: 1 });
        const answer = await post('/api/webchat/init', { friendlyName: 'Gil', question: 'Q' });
        assert.equal(answer.status, 502);
        const sid = [...twilio.conversations.keys()].at(-1)!;
        assert.equal(twilio.requests[0]!.path, '/v2/WebChats');
        assert.ok(
          twilio.requests[1]!.path.startsWith(`/v1/Conversations/${sid}/`),
          'Flex created the conversation, the question failed',
        );
        await waitFor('the orphan conversation to be closed', () => twilio.conversations.get(sid)?.state === 'closed');
        const close = twilio.requests.find((r) => r.method === 'POST' && r.path === `/v1/Conversations/${sid}`);
        assert.deepEqual(close?.form, { State: 'closed' });
        assert.ok(!twilio.requests.some((r) => r.form.Author === 'Concierge'), 'no welcome in a failed chat');
        await waitFor('the log line', () =>
          server.logs.some((l) => l.event === 'orphan_conversation_closed' && l.conversationSid === sid),
        );
      });

      test('closing the orphan is best effort: when that fails too, the visitor still gets the 502 and the log says so', async () => {
        twilio.inject({ match: '/Messages', status: 500, count: 1 });
        twilio.inject({ match: 'POST /v1/Conversations/CH', status: 503, count: 1 });
        const answer = await post('/api/webchat/init', { friendlyName: 'Hob', question: 'Q' });
        assert.equal(answer.status, 502);
        assert.match(errorOf(answer).message, /question/);
        await waitFor('the failure in the log', () =>
          server.logs.some((l) => l.event === 'orphan_conversation_close_failed'),
        );
      });

      test("the welcome keeps the visitor's name verbatim, $ patterns included (defect 5)", async () => {
        const name = "Ann $& Co $' x $$ $` $1 $<n>";
        const answer = await post('/api/webchat/init', { friendlyName: name });
        assert.equal(answer.status, 201);
        await waitFor('the welcome message', () => twilio.requests.length === 2);
        assert.equal(twilio.requests[1]!.form.Body, `Welcome ${name}! An agent will be with you in just a moment.`);
      });

      const invalidBodies: [string, unknown, RegExp][] = [
        ['a body that is not an object', ['x'], /JSON object/],
        ['a missing friendlyName', { question: 'q' }, /friendlyName/],
        ['a blank friendlyName', { friendlyName: '   ' }, /friendlyName must be 1 to 100/],
        ['a friendlyName over 100 characters', { friendlyName: 'x'.repeat(101) }, /friendlyName must be 1 to 100/],
        ['a question that is not a string', { friendlyName: 'A', question: 5 }, /question must be a string/],
        [
          'a question over 4096 characters',
          { friendlyName: 'A', question: 'q'.repeat(4097) },
          /question must be at most 4096/,
        ],
        [
          'preEngagementData that is an array',
          { friendlyName: 'A', preEngagementData: [] },
          /preEngagementData must be an object/,
        ],
        [
          'more than 20 preEngagementData keys',
          {
            friendlyName: 'A',
            preEngagementData: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])),
          },
          /at most 20/,
        ],
        [
          'a preEngagementData key over 64 characters',
          { friendlyName: 'A', preEngagementData: { ['k'.repeat(65)]: 1 } },
          /keys must be 1 to 64/,
        ],
        [
          'a preEngagementData value over 1024 characters',
          { friendlyName: 'A', preEngagementData: { note: 'v'.repeat(1025) } },
          /preEngagementData\.note must be at most 1024/,
        ],
        [
          'a nested preEngagementData value',
          { friendlyName: 'A', preEngagementData: { address: { city: 'X' } } },
          /preEngagementData\.address must be a string, a number or a boolean/,
        ],
      ];
      for (const [what, body, message] of invalidBodies) {
        test(`rejects ${what} with 400 invalid_request and no upstream call`, async () => {
          const answer = await post('/api/webchat/init', body);
          assert.equal(answer.status, 400);
          assert.equal(errorOf(answer).code, 'invalid_request');
          assert.match(errorOf(answer).message, message);
          assert.equal(twilio.requests.length, 0);
        });
      }

      test('rejects malformed JSON with 400', async () => {
        const answer = await call(server, '/api/webchat/init', { raw: '{"friendlyName": ' });
        assert.equal(answer.status, 400);
        assert.match(errorOf(answer).message, /not valid JSON/);
        assert.equal(twilio.requests.length, 0);
      });

      test('accepts the largest valid body: every field at its documented limit, in a three-byte script', async () => {
        const wide = (n: number, seed: number) => String.fromCharCode(0x4e00 + seed).repeat(n);
        const body = {
          friendlyName: wide(100, 0),
          question: wide(4096, 1),
          preEngagementData: Object.fromEntries(
            Array.from({ length: 20 }, (_, i) => [
              wide(63, i + 2) + String.fromCharCode(0x4e00 + 100 + i),
              wide(1024, 3),
            ]),
          ),
        };
        assert.ok(
          new TextEncoder().encode(JSON.stringify(body)).byteLength > 64 * 1024,
          'the body is as large as the field limits allow',
        );
        const answer = await post('/api/webchat/init', body);
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
      });

      test('rejects a body over 160 KB with 413', async () => {
        const answer = await post('/api/webchat/init', { friendlyName: 'A', padding: 'x'.repeat(161 * 1024) });
        assert.equal(answer.status, 413);
        assert.equal(errorOf(answer).code, 'payload_too_large');
        assert.equal(twilio.requests.length, 0);
      });

      test('rejects a body that is not JSON with 415', async () => {
        const answer = await call(server, '/api/webchat/init', {
          raw: 'friendlyName=A',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        });
        assert.equal(answer.status, 415);
        assert.equal(errorOf(answer).code, 'unsupported_media_type');
        assert.equal(twilio.requests.length, 0);
      });

      test('rejects a foreign Origin with 403 and no upstream call', async () => {
        const answer = await post('/api/webchat/init', { friendlyName: 'A' }, { Origin: 'https://evil.example' });
        assert.equal(answer.status, 403);
        assert.equal(errorOf(answer).code, 'origin_not_allowed');
        assert.equal(twilio.requests.length, 0);
      });

      test('rejects a request without Origin with 403', async () => {
        const response = await fetch(server.url + '/api/webchat/init', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ friendlyName: 'A' }),
        });
        assert.equal(response.status, 403);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'origin_not_allowed');
        assert.equal(twilio.requests.length, 0);
      });

      test('an unknown path is a JSON 404', async () => {
        const answer = await post('/api/webchat/nothing', {});
        assert.equal(answer.status, 404);
        assert.equal(errorOf(answer).code, 'not_found');
      });
    });

    describe('POST /api/webchat/token', () => {
      const keys = TEST_KEYS;
      const tokenFor = async (
        identity: string,
        options: { issuedAt?: number; ttlSeconds?: number; secret?: string; serviceSid?: string } = {},
      ) =>
        (
          await mintAccessToken({
            ...keys,
            identity,
            apiKeySecret: options.secret ?? keys.apiKeySecret,
            serviceSid: options.serviceSid ?? keys.serviceSid,
            ttlSeconds: options.ttlSeconds ?? 3600,
            issuedAt: options.issuedAt,
          })
        ).token;
      const nowSeconds = () => Math.floor(Date.now() / 1000);

      test('refreshes a valid token of a participant of an open conversation', async () => {
        const created = await post('/api/webchat/init', { friendlyName: 'Gus', question: 'Q' });
        const { token, identity, conversationSid } = created.body as Record<string, string>;
        twilio.reset();
        const answer = await post('/api/webchat/token', { token, conversationSid });
        assert.equal(answer.status, 200);
        assert.equal(answer.body.identity, identity);
        assert.equal(answer.body.conversationSid, conversationSid);
        const verified = await verifyAccessToken(answer.body.token as string, keys);
        assert.ok(verified.ok);
        assert.equal(verified.claims.grants.identity, identity);
        // (init's welcome message is posted in the background and may land after the reset)
        assert.deepEqual(
          twilio.requests.filter((r) => r.method === 'GET').map((r) => `${r.method} ${r.path}`),
          [`GET /v1/ParticipantConversations?Identity=${encodeURIComponent(identity!)}`],
          'one request to Twilio',
        );
      });

      test('refreshes reuse the connection to Twilio (keep-alive)', async () => {
        const sid = twilio.addConversation(['kept-alive']);
        const token = await tokenFor('kept-alive');
        await post('/api/webchat/token', { token, conversationSid: sid });
        const before = twilio.connections;
        for (let i = 0; i < 10; i++) {
          assert.equal((await post('/api/webchat/token', { token, conversationSid: sid })).status, 200);
        }
        assert.equal(twilio.connections - before, 0, 'no new connection for 10 sequential refreshes');
      });

      test('follows the pages of a returning customer with many conversations', async () => {
        const sids = Array.from({ length: 120 }, () => twilio.addConversation(['returning-1']));
        twilio.reset();
        const answer = await post('/api/webchat/token', {
          token: await tokenFor('returning-1'),
          conversationSid: sids.at(-1),
        });
        assert.equal(answer.status, 200);
        assert.deepEqual(
          twilio.requests.map((r) => r.path.replace(/^.*\?/, '')),
          [
            'Identity=returning-1',
            'Identity=returning-1&PageSize=50&Page=1',
            'Identity=returning-1&PageSize=50&Page=2',
          ],
        );
      });

      test('an identity percent-encodes as the twilio library writes it', async () => {
        const identity = "Zoë (O'Brien)*~ +1";
        const sid = twilio.addConversation([identity]);
        twilio.reset();
        const answer = await post('/api/webchat/token', { token: await tokenFor(identity), conversationSid: sid });
        assert.equal(answer.status, 200);
        assert.equal(
          twilio.requests[0]?.path,
          '/v1/ParticipantConversations?Identity=Zo%C3%AB%20%28O%27Brien%29%2A~%20%2B1',
        );
      });

      test('accepts a token that expired within the resume window', async () => {
        const sid = twilio.addConversation(['v-1']);
        const token = await tokenFor('v-1', { issuedAt: nowSeconds() - 7200, ttlSeconds: 3600 });
        const answer = await post('/api/webchat/token', { token, conversationSid: sid });
        assert.equal(answer.status, 200);
      });

      test('refuses a token that expired beyond the resume window: session_expired', async () => {
        const sid = twilio.addConversation(['v-2']);
        const token = await tokenFor('v-2', { issuedAt: nowSeconds() - 3600 - 86400 - 60, ttlSeconds: 3600 });
        const answer = await post('/api/webchat/token', { token, conversationSid: sid });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'session_expired');
        assert.equal(twilio.requests.length, 0);
      });

      test('refuses a token issued in the future (beyond 60 s of clock skew): invalid_token', async () => {
        const sid = twilio.addConversation(['v-10']);
        const future = await tokenFor('v-10', { issuedAt: nowSeconds() + 3600 });
        const refused = await post('/api/webchat/token', { token: future, conversationSid: sid });
        assert.equal(refused.status, 401);
        assert.equal(errorOf(refused).code, 'invalid_token');
        assert.equal(twilio.requests.length, 0);
        const skewed = await tokenFor('v-10', { issuedAt: nowSeconds() + 20 });
        assert.equal(
          (await post('/api/webchat/token', { token: skewed, conversationSid: sid })).status,
          200,
          'a little clock skew is fine',
        );
      });

      test('POST /api/webchat/recent refuses as a refresh does, before any call to Twilio', async () => {
        const sid = twilio.addConversation(['v-12']);
        twilio.reset();
        const refusals: [string, unknown, number, string][] = [
          [
            'a bad signature',
            { token: await tokenFor('v-12', { secret: 'some-other-secret-0123456789' }), conversationSid: sid },
            401,
            'invalid_token',
          ],
          [
            'expired beyond the resume window',
            {
              token: await tokenFor('v-12', { issuedAt: nowSeconds() - 3600 - 86400 - 60, ttlSeconds: 3600 }),
              conversationSid: sid,
            },
            401,
            'session_expired',
          ],
          [
            'issued in the future',
            { token: await tokenFor('v-12', { issuedAt: nowSeconds() + 3600 }), conversationSid: sid },
            401,
            'invalid_token',
          ],
          [
            'a bad conversationSid',
            { token: await tokenFor('v-12'), conversationSid: 'CH123' },
            400,
            'invalid_request',
          ],
          ['no token', { conversationSid: sid }, 400, 'invalid_request'],
        ];
        for (const [what, body, status, code] of refusals) {
          const answer = await post('/api/webchat/recent', body);
          assert.equal(answer.status, status, what);
          assert.equal(errorOf(answer).code, code, what);
        }
        assert.equal(twilio.requests.length, 0, 'no request to Twilio');
      });

      test('refuses a bad signature: invalid_token', async () => {
        const sid = twilio.addConversation(['v-3']);
        const token = await tokenFor('v-3', { secret: 'some-other-secret-0123456789' });
        const answer = await post('/api/webchat/token', { token, conversationSid: sid });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'invalid_token');
        assert.equal(twilio.requests.length, 0);
      });

      test('refuses a tampered payload: invalid_token', async () => {
        const sid = twilio.addConversation(['v-4', 'someone-else']);
        const [header, payload, signature] = (await tokenFor('v-4')).split('.') as [string, string, string];
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { grants: { identity: string } };
        claims.grants.identity = 'someone-else';
        const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
        const answer = await post('/api/webchat/token', { token: forged, conversationSid: sid });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'invalid_token');
      });

      test('refuses a token for another Conversations service: invalid_token', async () => {
        const sid = twilio.addConversation(['v-5']);
        const token = await tokenFor('v-5', { serviceSid: 'IS' + 'ee'.repeat(16) });
        const answer = await post('/api/webchat/token', { token, conversationSid: sid });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'invalid_token');
      });

      test('refuses a closed conversation: session_expired', async () => {
        const sid = twilio.addConversation(['v-6'], 'closed');
        const answer = await post('/api/webchat/token', { token: await tokenFor('v-6'), conversationSid: sid });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'session_expired');
        assert.match(errorOf(answer).message, /ended/);
      });

      test('refuses a conversation Twilio does not know: session_expired', async () => {
        const answer = await post('/api/webchat/token', {
          token: await tokenFor('v-7'),
          conversationSid: 'CH' + 'f'.repeat(32),
        });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'session_expired');
      });

      test('refuses an identity that is not a participant: invalid_token', async () => {
        const sid = twilio.addConversation(['somebody']);
        twilio.addConversation(['v-8']);
        const answer = await post('/api/webchat/token', { token: await tokenFor('v-8'), conversationSid: sid });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'invalid_token');
      });

      test('refuses a closed conversation the identity is not part of: invalid_token', async () => {
        const sid = twilio.addConversation(['somebody'], 'closed');
        const answer = await post('/api/webchat/token', { token: await tokenFor('v-10'), conversationSid: sid });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'invalid_token');
      });

      test('rejects a malformed body with 400 naming the field', async () => {
        const noToken = await post('/api/webchat/token', { conversationSid: 'CH' + '0'.repeat(32) });
        assert.equal(noToken.status, 400);
        assert.match(errorOf(noToken).message, /token is required/);
        const badSid = await post('/api/webchat/token', { token: 'x.y.z', conversationSid: 'IS123' });
        assert.equal(badSid.status, 400);
        assert.match(errorOf(badSid).message, /conversationSid/);
        assert.equal(twilio.requests.length, 0);
      });

      test('a garbage token is invalid_token', async () => {
        const sid = twilio.addConversation(['v-9']);
        const answer = await post('/api/webchat/token', { token: 'not.a.jwt', conversationSid: sid });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'invalid_token');
      });
    });

    describe('POST /api/webchat/end', () => {
      const tokenFor = async (identity: string, options: { secret?: string } = {}) =>
        (
          await mintAccessToken({
            accountSid: TEST_ENV.TWILIO_ACCOUNT_SID,
            apiKeySid: TEST_ENV.TWILIO_API_KEY_SID,
            apiKeySecret: options.secret ?? TEST_ENV.TWILIO_API_KEY_SECRET,
            identity,
            serviceSid: TEST_ENV.CONVERSATIONS_SERVICE_SID,
            ttlSeconds: 3600,
          })
        ).token;
      const paths = () => twilio.requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`);

      test('closes the conversation of a participant: State=closed with webhooks on, then 200 closed', async () => {
        const sid = twilio.addConversation(['e-1']);
        const answer = await post('/api/webchat/end', { token: await tokenFor('e-1'), conversationSid: sid });
        assert.equal(answer.status, 200);
        assert.deepEqual(answer.body, { status: 'closed' });
        assert.equal(twilio.conversations.get(sid)!.state, 'closed');
        const close = twilio.requests.find((r) => r.method === 'POST');
        assert.equal(close!.path, `/v1/Conversations/${sid}`);
        assert.deepEqual(close!.form, { State: 'closed' });
        assert.equal(close!.headers['x-twilio-webhook-enabled'], 'true');
        assert.equal(close!.username, TEST_ENV.TWILIO_API_KEY_SID);
      });

      test('an inactive conversation is closed too', async () => {
        const sid = twilio.addConversation(['e-2'], 'inactive');
        const answer = await post('/api/webchat/end', { token: await tokenFor('e-2'), conversationSid: sid });
        assert.equal(answer.status, 200);
        assert.equal(twilio.conversations.get(sid)!.state, 'closed');
      });

      test('ending a closed conversation answers closed without a second close', async () => {
        const sid = twilio.addConversation(['e-3'], 'closed');
        const answer = await post('/api/webchat/end', { token: await tokenFor('e-3'), conversationSid: sid });
        assert.equal(answer.status, 200);
        assert.deepEqual(answer.body, { status: 'closed' });
        assert.ok(!paths().some((p) => p.startsWith('POST')));
      });

      test('refuses a forged token with 401 invalid_token and no upstream call', async () => {
        const sid = twilio.addConversation(['e-4']);
        const token = await tokenFor('e-4', { secret: 'some-other-secret-0123456789' });
        const answer = await post('/api/webchat/end', { token, conversationSid: sid });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'invalid_token');
        assert.equal(twilio.requests.length, 0);
        assert.equal(twilio.conversations.get(sid)!.state, 'active');
      });

      test("refuses a token for someone else's conversation, and closes nothing", async () => {
        const sid = twilio.addConversation(['somebody']);
        const answer = await post('/api/webchat/end', { token: await tokenFor('e-5'), conversationSid: sid });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'invalid_token');
        assert.ok(!paths().some((p) => p.startsWith('POST')));
        assert.equal(twilio.conversations.get(sid)!.state, 'active');
      });

      test('rejects bad input with 400 naming the field and no upstream call', async () => {
        const noToken = await post('/api/webchat/end', { conversationSid: 'CH' + '0'.repeat(32) });
        assert.equal(noToken.status, 400);
        assert.match(errorOf(noToken).message, /token is required/);
        const badSid = await post('/api/webchat/end', { token: 'x.y.z', conversationSid: 'IS123' });
        assert.equal(badSid.status, 400);
        assert.match(errorOf(badSid).message, /conversationSid/);
        const notJson = await call(server, '/api/webchat/end', { raw: '{' });
        assert.equal(notJson.status, 400);
        assert.equal(twilio.requests.length, 0);
      });

      test('rejects a foreign Origin with 403 and no upstream call', async () => {
        const sid = twilio.addConversation(['e-6']);
        const answer = await post(
          '/api/webchat/end',
          { token: await tokenFor('e-6'), conversationSid: sid },
          { Origin: 'https://evil.example' },
        );
        assert.equal(answer.status, 403);
        assert.equal(errorOf(answer).code, 'origin_not_allowed');
        assert.equal(twilio.requests.length, 0);
      });

      test('a failing close is a 502 naming what failed', async () => {
        const sid = twilio.addConversation(['e-7']);
        twilio.inject({ match: `POST /v1/Conversations/${sid}`, form: { State: 'closed' }, status: 500 });
        const answer = await post('/api/webchat/end', { token: await tokenFor('e-7'), conversationSid: sid });
        assert.equal(answer.status, 502);
        assert.equal(errorOf(answer).code, 'upstream_error');
        assert.match(errorOf(answer).message, /closing the conversation/);
      });
    });

    describe('POST /api/webchat/feedback', () => {
      const tokenFor = async (identity: string, options: { secret?: string } = {}) =>
        (
          await mintAccessToken({
            ...TEST_KEYS,
            apiKeySecret: options.secret ?? TEST_KEYS.apiKeySecret,
            identity,
            ttlSeconds: 3600,
          })
        ).token;
      const deliveries = () => twilio.requests.filter((r) => r.path === FEEDBACK_HOOK_PATH);
      const signatureOf = (body: string) => createHmac('sha256', FEEDBACK_SECRET).update(body).digest('hex');

      test('forwards the feedback of a closed conversation to the webhook, signed, and answers received', async () => {
        const sid = twilio.addConversation(['f-1'], 'closed');
        const before = Date.now();
        const answer = await post('/api/webchat/feedback', {
          token: await tokenFor('f-1'),
          conversationSid: sid,
          rating: 4,
          comment: '  Quick and kind.  ',
        });
        assert.equal(answer.status, 200);
        assert.deepEqual(answer.body, { status: 'received' });
        const [delivery, ...more] = deliveries();
        assert.equal(more.length, 0);
        assert.equal(delivery!.method, 'POST');
        assert.match(delivery!.headers['content-type'] ?? '', /^application\/json/);
        assert.equal(delivery!.headers['x-webchat-signature'], signatureOf(delivery!.body));
        assert.equal(delivery!.headers.authorization, undefined, 'no Twilio credentials go to the webhook');
        const sent = JSON.parse(delivery!.body) as Json;
        assert.deepEqual(Object.keys(sent), ['conversationSid', 'identity', 'rating', 'comment', 'submittedAt']);
        assert.deepEqual(
          { ...sent, submittedAt: undefined },
          { conversationSid: sid, identity: 'f-1', rating: 4, comment: 'Quick and kind.', submittedAt: undefined },
        );
        const submittedAt = Date.parse(String(sent.submittedAt));
        assert.ok(submittedAt >= before - 1000 && submittedAt <= Date.now() + 1000);
        assert.equal(twilio.conversations.get(sid)!.state, 'closed', 'nothing is written to the closed conversation');
        assert.ok(!twilio.requests.some((r) => r.method === 'POST' && r.path.startsWith('/v1/')));
      });

      test('no comment is null; an active conversation is accepted too', async () => {
        const sid = twilio.addConversation(['f-2']);
        const answer = await post('/api/webchat/feedback', {
          token: await tokenFor('f-2'),
          conversationSid: sid,
          rating: 1,
        });
        assert.equal(answer.status, 200);
        assert.equal((JSON.parse(deliveries()[0]!.body) as Json).comment, null);
      });

      test('a webhook that fails once (500) is retried once, with the same signed body', async () => {
        const sid = twilio.addConversation(['f-3'], 'closed');
        twilio.inject({ match: `POST ${FEEDBACK_HOOK_PATH}`, status: 500, count: 1 });
        const answer = await post('/api/webchat/feedback', {
          token: await tokenFor('f-3'),
          conversationSid: sid,
          rating: 5,
        });
        assert.equal(answer.status, 200);
        const [first, second, third] = deliveries();
        assert.ok(first && second && !third, 'two deliveries: the failed one and its retry');
        assert.equal(second.body, first.body);
        assert.equal(second.headers['x-webchat-signature'], signatureOf(second.body));
      });

      test('a webhook that fails twice is a 502 that tells the visitor nothing of it; the log has the detail', async () => {
        const sid = twilio.addConversation(['f-4'], 'closed');
        twilio.inject({ match: `POST ${FEEDBACK_HOOK_PATH}`, status: 503 });
        const answer = await post('/api/webchat/feedback', {
          token: await tokenFor('f-4'),
          conversationSid: sid,
          rating: 3,
        });
        assert.equal(answer.status, 502);
        assert.equal(errorOf(answer).code, 'upstream_error');
        assert.equal(errorOf(answer).message, 'Your feedback could not be sent. Please try again in a moment.');
        assert.equal(deliveries().length, 2, 'one try and one retry, no more');
        const line = await waitFor('the log line of the failed delivery', () =>
          server.logs.find((l) => l.event === 'feedback_webhook_failed'),
        );
        assert.match(String(line.message), /HTTP 503.*HTTP 503/);
        assert.equal(line.conversationSid, sid);
      });

      const badBodies: [string, Record<string, unknown>][] = [
        ['no rating', {}],
        ['rating 0', { rating: 0 }],
        ['rating 6', { rating: 6 }],
        ['rating 2.5', { rating: 2.5 }],
        ['rating "4"', { rating: '4' }],
        ['a comment of 2,001 characters', { rating: 4, comment: 'x'.repeat(2001) }],
        ['a comment that is not a string', { rating: 4, comment: 42 }],
      ];
      for (const [what, fields] of badBodies) {
        test(`refuses ${what} with 400 invalid_request and no upstream call`, async () => {
          const sid = twilio.addConversation(['f-5'], 'closed');
          const answer = await post('/api/webchat/feedback', {
            token: await tokenFor('f-5'),
            conversationSid: sid,
            ...fields,
          });
          assert.equal(answer.status, 400);
          assert.equal(errorOf(answer).code, 'invalid_request');
          assert.match(errorOf(answer).message, /rating|comment/);
          assert.equal(twilio.requests.length, 0);
        });
      }

      test('accepts a comment of exactly 2,000 characters', async () => {
        const sid = twilio.addConversation(['f-6'], 'closed');
        const comment = 'é'.repeat(2000);
        const answer = await post('/api/webchat/feedback', {
          token: await tokenFor('f-6'),
          conversationSid: sid,
          rating: 2,
          comment,
        });
        assert.equal(answer.status, 200);
        assert.equal((JSON.parse(deliveries()[0]!.body) as Json).comment, comment);
      });

      test('refuses a missing token or a bad conversation SID with 400 and no upstream call', async () => {
        const noToken = await post('/api/webchat/feedback', { conversationSid: 'CH' + '0'.repeat(32), rating: 3 });
        assert.equal(noToken.status, 400);
        const badSid = await post('/api/webchat/feedback', { token: 'x.y.z', conversationSid: 'IS1', rating: 3 });
        assert.equal(badSid.status, 400);
        assert.equal(twilio.requests.length, 0);
      });

      test('refuses a foreign Origin with 403 and no upstream call', async () => {
        const sid = twilio.addConversation(['f-7'], 'closed');
        const answer = await post(
          '/api/webchat/feedback',
          { token: await tokenFor('f-7'), conversationSid: sid, rating: 5 },
          { Origin: 'https://evil.example' },
        );
        assert.equal(answer.status, 403);
        assert.equal(errorOf(answer).code, 'origin_not_allowed');
        assert.equal(twilio.requests.length, 0);
      });

      test('refuses a forged token with 401 invalid_token and no upstream call', async () => {
        const sid = twilio.addConversation(['f-8'], 'closed');
        const token = await tokenFor('f-8', { secret: 'some-other-secret-0123456789' });
        const answer = await post('/api/webchat/feedback', { token, conversationSid: sid, rating: 5 });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'invalid_token');
        assert.equal(twilio.requests.length, 0);
      });

      test('refuses an unknown conversation with 401 (Twilio asked, nothing delivered)', async () => {
        const answer = await post('/api/webchat/feedback', {
          token: await tokenFor('f-9'),
          conversationSid: 'CH' + 'f'.repeat(32),
          rating: 5,
        });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'session_expired');
        assert.equal(deliveries().length, 0);
        assert.ok(
          twilio.requests.every((r) => r.method === 'GET'),
          'only the checks, no write',
        );
      });

      test("refuses a token for someone else's conversation with 401 invalid_token, nothing delivered", async () => {
        const sid = twilio.addConversation(['somebody-else'], 'closed');
        const answer = await post('/api/webchat/feedback', {
          token: await tokenFor('f-10'),
          conversationSid: sid,
          rating: 5,
        });
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'invalid_token');
        assert.equal(deliveries().length, 0);
      });
    });

    describe('with a separate configuration', () => {
      const servers: RunningServer[] = [];
      const startWith = async (extra: Record<string, string>) => {
        const s = await startServer(runtime, envFor(extra));
        servers.push(s);
        return s;
      };
      after(async () => {
        await Promise.all(servers.map((s) => s.close()));
      });

      test('without FEEDBACK_WEBHOOK_URL, or with POST_CHAT_SURVEY=false, feedback is 404 with no upstream call', async () => {
        const configurations: Record<string, string>[] = [
          { FEEDBACK_WEBHOOK_URL: '', FEEDBACK_WEBHOOK_SECRET: '' },
          { POST_CHAT_SURVEY: 'false' },
        ];
        for (const extra of configurations) {
          const s = await startWith(extra);
          const answer = await call(s, '/api/webchat/feedback', {
            body: { token: 'x.y.z', conversationSid: 'CH' + '0'.repeat(32), rating: 5 },
          });
          assert.equal(answer.status, 404, JSON.stringify(extra));
          assert.equal(errorOf(answer).code, 'not_found');
        }
        assert.equal(twilio.requests.length, 0);
      });

      test('TWILIO_AUTH_TOKEN makes the WebChats call use the account SID and auth token', async () => {
        const s = await startWith({ TWILIO_AUTH_TOKEN: 'auth-token-0123456789abcdef' });
        const answer = await call(s, '/api/webchat/init', { body: { friendlyName: 'Hal', question: 'Q' } });
        assert.equal(answer.status, 201);
        await waitFor('three upstream calls', () => twilio.requests.length === 3);
        assert.equal(twilio.requests[0]!.username, TEST_ENV.TWILIO_ACCOUNT_SID);
        assert.equal(twilio.requests[0]!.password, 'auth-token-0123456789abcdef');
        assert.equal(twilio.requests[1]!.username, TEST_ENV.TWILIO_API_KEY_SID, 'messages still use the API key');
      });

      test('an empty WELCOME_MESSAGE posts no welcome; CHAT_FRIENDLY_NAME and WELCOME_AUTHOR are used', async () => {
        const s = await startWith({ WELCOME_MESSAGE: '', CHAT_FRIENDLY_NAME: 'Support' });
        await call(s, '/api/webchat/init', { body: { friendlyName: 'Ida', question: 'Q' } });
        const t = await startWith({ WELCOME_AUTHOR: 'Bot', WELCOME_MESSAGE: 'Hello {name}, {name}!' });
        await call(t, '/api/webchat/init', { body: { friendlyName: 'Jo' } });
        await waitFor('four upstream calls', () => twilio.requests.length === 4);
        const messages = twilio.requests.filter((r) => r.path.endsWith('/Messages'));
        assert.deepEqual(
          messages.map((r) => r.form),
          [
            { Author: messages[0]!.form.Author, Body: 'Q' },
            { Author: 'Bot', Body: 'Hello Jo, Jo!' },
          ],
        );
        assert.equal(twilio.requests[0]!.form.ChatFriendlyName, 'Support');
      });

      test('rate limits init per client address with 429 and Retry-After, without upstream calls', async () => {
        const s = await startWith({ RATE_LIMIT_INIT_PER_MINUTE: '2', RATE_LIMIT_TOKEN_PER_MINUTE: '1' });
        assert.equal((await call(s, '/api/webchat/init', { body: { friendlyName: 'K' } })).status, 201);
        assert.equal((await call(s, '/api/webchat/init', { body: { friendlyName: 'K' } })).status, 201);
        await waitFor('the welcomes', () => twilio.requests.length === 4);
        const limited = await call(s, '/api/webchat/init', { body: { friendlyName: 'K' } });
        assert.equal(limited.status, 429);
        assert.equal(errorOf(limited).code, 'rate_limited');
        const retryAfter = Number(limited.headers.get('retry-after'));
        assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
        assert.equal(twilio.requests.length, 4, 'the limited request made no upstream call');
        // The token endpoint has its own budget.
        const token = await call(s, '/api/webchat/token', {
          body: { token: 'a.b.c', conversationSid: 'CH' + '0'.repeat(32) },
        });
        assert.equal(token.status, 401);
        const tokenLimited = await call(s, '/api/webchat/token', {
          body: { token: 'a.b.c', conversationSid: 'CH' + '0'.repeat(32) },
        });
        assert.equal(tokenLimited.status, 429);
        // Ending the chat shares the token budget (both are calls of a visitor holding a token).
        const before = twilio.requests.length;
        const endLimited = await call(s, '/api/webchat/end', {
          body: { token: 'a.b.c', conversationSid: 'CH' + '0'.repeat(32) },
        });
        assert.equal(endLimited.status, 429);
        assert.equal(twilio.requests.length, before, 'the limited end made no upstream call');
      });

      test('rate limits count IPv6 clients per /64, not per address', async () => {
        // Node reads the address from X-Forwarded-For (TRUST_PROXY), Workers from CF-Connecting-IP.
        const s = await startWith({ RATE_LIMIT_INIT_PER_MINUTE: '2', TRUST_PROXY: 'true', WELCOME_MESSAGE: '' });
        const from = (address: string) =>
          call(s, '/api/webchat/init', {
            body: { friendlyName: 'V6' },
            headers: { 'X-Forwarded-For': address, 'CF-Connecting-IP': address },
          });
        assert.equal((await from('2001:db8:1:2::1')).status, 201);
        assert.equal((await from('2001:db8:1:2:ffff:ffff:ffff:fffe')).status, 201);
        const limited = await from('2001:0db8:0001:0002:abcd::42');
        assert.equal(limited.status, 429, 'a third address in the same /64 shares its budget');
        assert.equal((await from('2001:db8:1:3::1')).status, 201, 'the next /64 has its own');
        assert.equal((await from('203.0.113.7')).status, 201, 'IPv4 stays per address');
      });

      test('API_EXTRA_ORIGINS lets another origin call the API, from a browser: CORS (defect 6)', async () => {
        const s = await startWith({ API_EXTRA_ORIGINS: 'https://app.example.com' });
        const preflight = await fetch(s.url + '/api/webchat/init', {
          method: 'OPTIONS',
          headers: {
            Origin: 'https://app.example.com',
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type',
          },
        });
        assert.equal(preflight.status, 204);
        assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com');
        assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/);
        assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /content-type/i);
        assert.ok(Number(preflight.headers.get('access-control-max-age')) > 0, 'the preflight is cached');
        assert.match(preflight.headers.get('vary') ?? '', /\bOrigin\b/i);
        assert.equal(preflight.headers.get('access-control-allow-credentials'), null);
        assert.equal(twilio.requests.length, 0);

        const answer = await call(s, '/api/webchat/init', {
          body: { friendlyName: 'L' },
          headers: { Origin: 'https://app.example.com' },
        });
        assert.equal(answer.status, 201);
        assert.equal(answer.headers.get('access-control-allow-origin'), 'https://app.example.com');
        assert.match(answer.headers.get('vary') ?? '', /\bOrigin\b/i);

        // Nothing changes for other origins: no CORS headers, the preflight is refused.
        const foreign = await fetch(s.url + '/api/webchat/init', {
          method: 'OPTIONS',
          headers: {
            Origin: 'https://evil.example',
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type',
          },
        });
        assert.equal(foreign.status, 403);
        assert.equal(((await foreign.json()) as { error: { code: string } }).error.code, 'origin_not_allowed');
        assert.equal(foreign.headers.get('access-control-allow-origin'), null);
        assert.equal(foreign.headers.get('access-control-allow-methods'), null);
        const own = await call(s, '/api/webchat/init', { body: { friendlyName: 'L' } });
        assert.equal(own.status, 201);
        assert.equal(own.headers.get('access-control-allow-origin'), null, 'the own origin needs no CORS');
      });

      test('an upstream that does not answer is a 504 after UPSTREAM_TIMEOUT_MS', async () => {
        const s = await startWith({ UPSTREAM_TIMEOUT_MS: '300' });
        twilio.inject({ match: '/v2/WebChats', hang: true });
        const answer = await call(s, '/api/webchat/init', { body: { friendlyName: 'M' } });
        assert.equal(answer.status, 504);
        assert.equal(errorOf(answer).code, 'upstream_timeout');
        assert.match(errorOf(answer).message, /300 ms/);
      });

      test('an unreachable upstream is a 502 with a generic message; the details are in the log with the request id (defect 4)', async () => {
        const s = await startWith({ FLEX_API_URL: 'http://127.0.0.1:9' });
        const answer = await call(s, '/api/webchat/init', { body: { friendlyName: 'N' } });
        assert.equal(answer.status, 502);
        assert.equal(errorOf(answer).code, 'upstream_error');
        assert.match(errorOf(answer).message, /could not be reached.*try again/i);
        assert.doesNotMatch(JSON.stringify(answer.body), /fetch failed|ECONNREFUSED|127\.0\.0\.1|:9\b/);
        const requestId = answer.headers.get('x-request-id');
        await waitFor('the details in the log', () =>
          s.logs.some((l) => l.requestId === requestId && l.event === 'upstream_unreachable'),
        );
        const line = s.logs.find((l) => l.requestId === requestId && l.event === 'upstream_unreachable')!;
        assert.match(String(line.detail), /fetch failed|ECONNREFUSED|connect|network/i);
      });
    });

    {
      test('logs one structured line per request, with a request id and no secret, token, body or e-mail', async () => {
        const before = server.logs.length;
        const created = await post('/api/webchat/init', {
          friendlyName: 'Ola',
          question: 'my secret question',
          preEngagementData: { email: 'ola@example.com' },
        });
        await post('/api/webchat/token', { token: created.body.token, conversationSid: created.body.conversationSid });
        await post('/api/webchat/init', { friendlyName: '' });
        await waitFor('three log lines', () => server.logs.slice(before).filter((l) => l.path).length >= 3);
        const lines = server.logs.slice(before).filter((l) => l.path);
        assert.equal(lines.length, 3);
        assert.deepEqual(
          lines.map((l) => l.status),
          [201, 200, 400],
        );
        assert.equal(lines[2]!.error, 'invalid_request');
        for (const line of lines) assert.match(String(line.requestId), /^[0-9a-f-]{36}$/);
        const text = JSON.stringify(server.logs);
        for (const forbidden of [
          TEST_ENV.TWILIO_API_KEY_SECRET,
          String(created.body.token),
          'my secret question',
          'ola@example.com',
        ]) {
          assert.ok(!text.includes(forbidden), `the log must not contain ${forbidden.slice(0, 12)}…`);
        }
      });
    }
  });
}

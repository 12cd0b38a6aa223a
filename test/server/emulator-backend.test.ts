/**
 * The server's happy paths against the Flex emulator (the stand-in that speaks Twilio's real
 * protocols), on both runtimes: what Flex and Conversations end up holding, and that the
 * emulator — like Twilio — accepts the tokens we mint. Fault cases stay with the recording
 * stand-in in integration-suite.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverEnvFor, startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { EmulatorControl } from '../../emulator/control-client.ts';
import { connect, waitUntil } from '../emulator/helpers.ts';
import { mintAccessToken } from '../../server/tokens/access-token.ts';
import { startServer, type RunningServer, type Runtime } from '../../scripts/harness/servers.ts';

for (const runtime of ['node', 'workers'] as Runtime[]) {
  describe(`server on ${runtime} against the emulator`, () => {
    let emu: RunningEmulator;
    let server: RunningServer;
    const servers: RunningServer[] = [];

    const call = async (s: RunningServer, path: string, body: unknown) => {
      const response = await fetch(s.url + path, {
        method: 'POST',
        headers: { Origin: s.url, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return {
        status: response.status,
        body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } },
      };
    };
    const detail = (sid: string) => new EmulatorControl(emu.url).conversation(sid);
    const startWith = async (extra: Record<string, string>) => {
      const s = await startServer(runtime, {
        ...serverEnvFor(emu),
        ALLOWED_ORIGINS: 'http://localhost:3000',
        ...extra,
      });
      servers.push(s);
      return s;
    };

    before(async () => {
      emu = await startEmulator({ autoAgent: false });
      server = await startWith({});
    });
    after(async () => {
      await Promise.all(servers.map((s) => s.close()));
      await emu.close();
    });

    test('init creates the Flex web chat, posts the question and the welcome, and the token opens the conversation', async () => {
      const answer = await call(server, '/api/webchat/init', {
        friendlyName: 'Ann',
        question: 'Where is my order?',
        preEngagementData: { email: 'ann@example.com' },
      });
      assert.equal(answer.status, 201);
      const { token, identity, conversationSid } = answer.body as Record<string, string>;

      await waitUntil(
        async () => (await detail(conversationSid!)).messages.length === 2,
        'the question and the welcome',
      );
      const conversation = await detail(conversationSid!);
      assert.deepEqual(conversation.attributes.pre_engagement_data, {
        email: 'ann@example.com',
        friendlyName: 'Ann',
        question: 'Where is my order?',
      });
      assert.deepEqual(
        conversation.participants.map((p) => [p.identity, p.friendlyName, p.role]),
        [[identity, 'Ann', 'customer']],
      );
      assert.deepEqual(
        conversation.messages.map((m) => [m.author, m.body]),
        [
          [identity, 'Where is my order?'],
          ['Concierge', 'Welcome Ann! An agent will be with you in just a moment.'],
        ],
      );
      assert.equal(conversation.state, 'active');

      // The emulator checks our token as Twilio does: signature, expiry, grants.
      const client = await connect(emu, identity!, token);
      try {
        const opened = await client.getConversationBySid(conversationSid!);
        const page = await opened.getMessages(10);
        assert.deepEqual(
          page.items.map((m) => m.body),
          ['Where is my order?', 'Welcome Ann! An agent will be with you in just a moment.'],
        );
      } finally {
        await client.shutdown();
      }
    });

    test('only the question (webhooks on) reaches Flex routing: an agent joins; the welcome alone (webhooks off) triggers nothing', async () => {
      const routed = await startEmulator({ autoAgent: true, autoAgentDelayMs: 50 });
      const s = await startServer(runtime, { ...serverEnvFor(routed), ALLOWED_ORIGINS: 'http://localhost:3000' });
      try {
        const routedDetail = (sid: string) => new EmulatorControl(routed.url).conversation(sid);
        const withQuestion = (await call(s, '/api/webchat/init', { friendlyName: 'Gus', question: 'Hello?' }))
          .body as Record<string, string>;
        const withoutQuestion = (await call(s, '/api/webchat/init', { friendlyName: 'Hal' })).body as Record<
          string,
          string
        >;
        await waitUntil(
          async () => (await routedDetail(withQuestion.conversationSid!)).participants.some((p) => p.role === 'agent'),
          'the agent joins the chat with a question',
        );
        await waitUntil(
          async () => (await routedDetail(withoutQuestion.conversationSid!)).messages.length === 1,
          'the welcome',
        );
        // Routing queues a chat (waitingForAgent) in the same step as the message that reaches it, and
        // the auto-agent only joins a queued chat: not queued and no agent means it was never routed.
        const quiet = await routedDetail(withoutQuestion.conversationSid!);
        assert.deepEqual(
          quiet.participants.map((p) => p.role),
          ['customer'],
          'no agent for a chat with only the webhook-less welcome',
        );
        assert.equal(quiet.waitingForAgent, false, 'the webhook-less welcome did not queue the chat');
      } finally {
        await s.close();
        await routed.close();
      }
    });

    test('a failed question leaves no active conversation behind: the server closes it (issue 10 defect 3)', async () => {
      const control = new EmulatorControl(emu.url);
      await control.faults({ failNext: { match: 'POST /conversations/v1/Conversations/', status: 500, count: 1 } });
      const answer = await call(server, '/api/webchat/init', { friendlyName: 'Orphan Olga', question: 'Hello?' });
      assert.equal(answer.status, 502);
      const mine = async () =>
        (await control.conversations()).filter((c) => c.participants.some((p) => p.friendlyName === 'Orphan Olga'));
      assert.equal((await mine()).length, 1, 'Flex created the conversation');
      await waitUntil(
        async () => (await mine()).every((c) => c.state === 'closed'),
        'the orphan conversation to be closed',
      );
    });

    test('token refresh: accepted while open, session_expired once the agent closed it', async () => {
      const created = await call(server, '/api/webchat/init', { friendlyName: 'Bo', question: 'Hi' });
      const { token, conversationSid, identity } = created.body as Record<string, string>;
      const refreshed = await call(server, '/api/webchat/token', { token, conversationSid });
      assert.equal(refreshed.status, 200);
      assert.equal(refreshed.body.identity, identity);

      await new EmulatorControl(emu.url).setState(conversationSid!, 'closed');
      const refused = await call(server, '/api/webchat/token', { token, conversationSid });
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error?.code, 'session_expired');
    });

    test('token refresh: a visitor of another conversation is refused', async () => {
      const first = (await call(server, '/api/webchat/init', { friendlyName: 'Cy' })).body as Record<string, string>;
      const second = (await call(server, '/api/webchat/init', { friendlyName: 'Di' })).body as Record<string, string>;
      const refused = await call(server, '/api/webchat/token', {
        token: first.token,
        conversationSid: second.conversationSid,
      });
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error?.code, 'invalid_token');
    });

    test('TWILIO_AUTH_TOKEN: the WebChats call authenticates with the account and its auth token', async () => {
      const good = await startWith({ TWILIO_AUTH_TOKEN: emu.credentials.authToken });
      assert.equal((await call(good, '/api/webchat/init', { friendlyName: 'Eve' })).status, 201);
      const bad = await startWith({ TWILIO_AUTH_TOKEN: 'not-the-auth-token-0000000' });
      const refused = await call(bad, '/api/webchat/init', { friendlyName: 'Eve' });
      assert.equal(refused.status, 502);
      assert.equal(refused.body.error?.code, 'upstream_error');
      assert.match(refused.body.error?.message ?? '', /20003/);
    });

    test('a token the emulator did not sign is refused: invalid_token', async () => {
      const created = (await call(server, '/api/webchat/init', { friendlyName: 'Flo' })).body as Record<string, string>;
      const { token } = await mintAccessToken({
        accountSid: emu.credentials.accountSid,
        apiKeySid: emu.credentials.apiKeySid,
        apiKeySecret: 'a-different-secret-000000000',
        identity: created.identity!,
        serviceSid: emu.credentials.conversationsServiceSid,
        ttlSeconds: 600,
      });
      const refused = await call(server, '/api/webchat/token', { token, conversationSid: created.conversationSid });
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error?.code, 'invalid_token');
    });
  });
}

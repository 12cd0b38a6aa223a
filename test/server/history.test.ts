/**
 * A verified customer's previous conversations on the server (POST /api/webchat/history and
 * /history/conversation): against the Flex emulator, only the token's own closed conversations are
 * listed and readable (another customer's, an open one, an unknown one: the same 404); the
 * refusals (no token, a forged or expired one, a bad SID, a server without IDENTITY_SECRET) reach
 * no Twilio at all (the recording stand-in).
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { epochIn, mintIdentityToken, TEST_IDENTITY_SECRET } from '../../scripts/harness/identity-token.ts';
import { RecordingTwilio } from '../../scripts/harness/recording-twilio.ts';
import { startServer, TEST_ENV, type RunningServer } from '../../scripts/harness/servers.ts';
import { useStack } from '../support/fixtures.ts';

type Json = Record<string, unknown>;

async function post(serverUrl: string, path: string, body: Json): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${serverUrl}${path}`, {
    method: 'POST',
    headers: { Origin: serverUrl, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const codeOf = (answer: { body: Json }) => (answer.body.error as { code: string }).code;
const tokenFor = (sub: string, extra: Json = {}) => mintIdentityToken({ sub, exp: epochIn(600), ...extra });

describe('previous conversations on the Flex emulator', () => {
  const rig = useStack({ emulator: { autoAgent: false }, serverEnv: { IDENTITY_SECRET: TEST_IDENTITY_SECRET } });
  const server = () => rig.stack.serverUrl;
  const history = (identityToken: string) => post(server(), '/api/webchat/history', { identityToken });
  const read = (identityToken: string, conversationSid: string) =>
    post(server(), '/api/webchat/history/conversation', { identityToken, conversationSid });
  const chat = async (sub: string, question: string | undefined, name = 'Ada') => {
    const answer = await post(server(), '/api/webchat/init', {
      friendlyName: name,
      ...(question === undefined ? {} : { question }),
      identityToken: tokenFor(sub, { name }),
    });
    assert.ok(answer.status === 201, JSON.stringify(answer.body));
    return answer.body as { conversationSid: string; identity: string };
  };

  test("lists only the customer's closed conversations, newest first, and reads one with its authors' names", async () => {
    const first = await chat('cust-ada', 'Where is order 4711?');
    await rig.flex.agentJoins(first.conversationSid);
    await rig.flex.agentSays(first.conversationSid, 'It ships tomorrow.');
    await rig.flex.setState(first.conversationSid, 'closed');
    // The second has no question: its first line is the customer's first message.
    const second = await chat('cust-ada', undefined);
    assert.equal(second.identity, first.identity, 'the same stable identity');
    await post(server(), '/api/webchat/init', {
      friendlyName: 'Ada',
      question: 'Can I change the address?',
      identityToken: tokenFor('cust-ada'),
    }); // resumes the open second chat: the question is posted there
    await rig.flex.setState(second.conversationSid, 'closed');
    const bob = await chat('cust-bob', 'Bob’s own question', 'Bob');
    await rig.flex.setState(bob.conversationSid, 'closed');
    const open = await chat('cust-ada', 'Still open');

    const listed = await history(tokenFor('cust-ada'));
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    const conversations = listed.body.conversations as { conversationSid: string; firstLine: string | null }[];
    assert.deepEqual(
      conversations.map((c) => [c.conversationSid, c.firstLine]),
      [
        [second.conversationSid, 'Can I change the address?'],
        [first.conversationSid, 'Where is order 4711?'],
      ],
      'the two closed ones, newest first; neither the open one nor Bob’s',
    );
    for (const c of conversations as unknown as { startedAt: string; endedAt: string }[]) {
      assert.ok(!Number.isNaN(Date.parse(c.startedAt)) && !Number.isNaN(Date.parse(c.endedAt)));
    }

    const answer = await read(tokenFor('cust-ada'), first.conversationSid);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const messages = answer.body.messages as { own: boolean; authorName: string; body: string }[];
    // The welcome (posted in the background at init, webhooks off) is the Concierge's, wherever it lands.
    assert.deepEqual(
      messages.filter((m) => m.authorName !== 'Concierge').map((m) => [m.own, m.authorName, m.body]),
      [
        [true, '', 'Where is order 4711?'],
        [false, 'Alex', 'It ships tomorrow.'],
      ],
    );
    assert.ok(
      !JSON.stringify(answer.body).includes(first.identity),
      'no identity leaves the server (the customer’s own or an agent’s)',
    );

    // Another customer's conversation, an open one and an unknown one: the same 404.
    for (const [what, sid] of [
      ['Bob’s', bob.conversationSid],
      ['the open one', open.conversationSid],
      ['an unknown one', `CH${'0'.repeat(32)}`],
    ] as const) {
      const refused = await read(tokenFor('cust-ada'), sid);
      assert.equal(refused.status, 404, what);
      assert.equal(codeOf(refused), 'not_found', what);
    }
    const bobs = await history(tokenFor('cust-bob'));
    assert.deepEqual(
      (bobs.body.conversations as { conversationSid: string }[]).map((c) => c.conversationSid),
      [bob.conversationSid],
    );
    const nobody = await history(tokenFor('cust-new'));
    assert.deepEqual(nobody.body, { conversations: [] });
  });
});

describe('previous conversations: refusals reach no Twilio', () => {
  const twilio = new RecordingTwilio();
  let server: RunningServer;
  let plain: RunningServer;
  const env = (extra: Record<string, string>) => ({
    ...TEST_ENV,
    FLEX_API_URL: twilio.url,
    CONVERSATIONS_API_URL: twilio.url,
    ...extra,
  });
  before(async () => {
    await twilio.start();
    server = await startServer('node', env({ IDENTITY_SECRET: TEST_IDENTITY_SECRET }));
    plain = await startServer('node', env({}));
  });
  after(async () => {
    await Promise.all([server?.close(), plain?.close()]);
    await twilio.stop();
  });
  beforeEach(() => twilio.reset());

  test('no identity token: 401 identity_required; a forged, expired, alg:none or wrong-secret one: 401 invalid_identity_token', async () => {
    const sid = `CH${'a'.repeat(32)}`;
    for (const path of ['/api/webchat/history', '/api/webchat/history/conversation']) {
      for (const body of [{}, { identityToken: '' }, { identityToken: null }]) {
        const answer = await post(server.url, path, { ...body, conversationSid: sid });
        assert.equal(answer.status, 401, `${path} ${JSON.stringify(body)}`);
        assert.equal(codeOf(answer), 'identity_required');
      }
      const exp = epochIn(300);
      for (const [what, identityToken] of Object.entries({
        forged: mintIdentityToken({ sub: 'cust-1', exp }, { signature: 'A'.repeat(43) }),
        expired: mintIdentityToken({ sub: 'cust-1', exp: epochIn(-120) }),
        'alg:none': mintIdentityToken({ sub: 'cust-1', exp }, { header: { alg: 'none', typ: 'JWT' }, signature: '' }),
        'wrong secret': mintIdentityToken({ sub: 'cust-1', exp }, { secret: 'another-secret-of-thirty-two-chars!!' }),
      })) {
        const answer = await post(server.url, path, { identityToken, conversationSid: sid });
        assert.equal(answer.status, 401, `${path} ${what}`);
        assert.equal(codeOf(answer), 'invalid_identity_token', `${path} ${what}`);
      }
    }
    assert.equal(twilio.requests.length, 0);
  });

  test('a bad conversationSid or token type is 400; a server without IDENTITY_SECRET answers 404', async () => {
    const identityToken = tokenFor('cust-1');
    for (const conversationSid of [undefined, 'CH123', `XX${'a'.repeat(32)}`, 42]) {
      const answer = await post(server.url, '/api/webchat/history/conversation', { identityToken, conversationSid });
      assert.equal(answer.status, 400, String(conversationSid));
      assert.equal(codeOf(answer), 'invalid_request');
    }
    const numeric = await post(server.url, '/api/webchat/history', { identityToken: 42 });
    assert.equal(numeric.status, 400);
    const off = await post(plain.url, '/api/webchat/history', { identityToken });
    assert.equal(off.status, 404);
    assert.equal(codeOf(off), 'not_found');
    assert.equal(twilio.requests.length, 0);
  });
});

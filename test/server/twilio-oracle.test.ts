/**
 * The official `twilio` library as an oracle: our WebCrypto tokens are byte-identical to its
 * jwt.AccessToken, and our REST requests carry the same fields, auth and headers as its
 * flexApi.v2.webChannels.create, conversations.v1…messages.create and conversations.v1…update, and
 * the token refresh's one request is byte-identical to its
 * conversations.v1.participantConversations.list (captured offline through its httpClient option,
 * never sent).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import twilio from 'twilio';
import { mintAccessToken } from '../../server/tokens/access-token.ts';
import { webCryptoHmac } from '../../server/tokens/hmac.ts';
import { nodeHmac } from '../../server/tokens/node-hmac.ts';
import { epochIn, mintIdentityToken, TEST_IDENTITY_SECRET } from '../../scripts/harness/identity-token.ts';
import { RecordingTwilio, type RecordedRequest } from '../../scripts/harness/recording-twilio.ts';
import { startServer, TEST_ENV, TEST_KEYS, type RunningServer } from '../../scripts/harness/servers.ts';

interface CapturedRequest {
  method: string;
  uri: string;
  params?: Record<string, string>;
  username: string;
  password: string;
  headers: Record<string, string>;
  data?: Record<string, string>;
}

function oracleClient(captured: CapturedRequest[], answer: unknown, statusCode = 201) {
  return twilio(TEST_ENV.TWILIO_API_KEY_SID, TEST_ENV.TWILIO_API_KEY_SECRET, {
    accountSid: TEST_ENV.TWILIO_ACCOUNT_SID,
    httpClient: {
      request: async (options: CapturedRequest) => {
        captured.push(options);
        return { statusCode, body: JSON.stringify(answer), headers: {} };
      },
    },
  } as unknown as twilio.ClientOpts);
}

/** The parts of a request that matter to Twilio (the User-Agent names the library and is left out). */
function essentials(r: {
  method: string;
  path: string;
  username: string;
  password: string;
  headers: Record<string, string>;
  form: Record<string, string>;
}) {
  const header = (name: string) => Object.entries(r.headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return {
    method: r.method.toUpperCase(),
    path: r.path,
    username: r.username,
    password: r.password,
    contentType: header('content-type'),
    accept: header('accept'),
    acceptCharset: header('accept-charset'),
    webhooks: header('x-twilio-webhook-enabled'),
    form: r.form,
  };
}

const fromOracle = (c: CapturedRequest) =>
  essentials({
    method: c.method,
    path: new URL(c.uri).pathname,
    username: c.username,
    password: c.password,
    headers: c.headers,
    form: c.data ?? {},
  });
const fromServer = (r: RecordedRequest) => essentials(r);

let fake: RecordingTwilio;
let server: RunningServer;
before(async () => {
  fake = await new RecordingTwilio().start();
  server = await startServer('node', { ...TEST_ENV, FLEX_API_URL: fake.url, CONVERSATIONS_API_URL: fake.url });
});
after(async () => {
  await server.close();
  await fake.stop();
});

test('access tokens are byte-identical to twilio.jwt.AccessToken with a ChatGrant, with either HMAC', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_790_000_000_000 });
  for (const [identity, ttl] of [
    ['visitor-1', 3600],
    ['Ünïcode “name” 🙂', 86400],
    ['a', 60],
  ] as const) {
    const reference = new twilio.jwt.AccessToken(
      TEST_ENV.TWILIO_ACCOUNT_SID,
      TEST_ENV.TWILIO_API_KEY_SID,
      TEST_ENV.TWILIO_API_KEY_SECRET,
      { identity, ttl },
    );
    reference.addGrant(new twilio.jwt.AccessToken.ChatGrant({ serviceSid: TEST_ENV.CONVERSATIONS_SERVICE_SID }));
    for (const [name, hmac] of [
      ['WebCrypto', webCryptoHmac],
      ['node:crypto', nodeHmac],
    ] as const) {
      const ours = await mintAccessToken({
        ...TEST_KEYS,
        identity,
        ttlSeconds: ttl,
        issuedAt: Math.floor(Date.now() / 1000),
        hmac,
      });
      assert.equal(ours.token, reference.toJwt(), `token for ${identity} (${name})`);
    }
  }
});

test('init sends what twilio-node sends for webChannels.create and messages.create', async () => {
  const body = { friendlyName: 'Ann', question: 'Where is my order?', preEngagementData: { email: 'ann@example.com' } };
  const response = await fetch(`${server.url}/api/webchat/init`, {
    method: 'POST',
    headers: { Origin: server.url, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 201);
  const { identity, conversationSid } = (await response.json()) as { identity: string; conversationSid: string };
  for (let i = 0; i < 100 && fake.requests.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
  const [create, question, welcome] = fake.requests;

  const captured: CapturedRequest[] = [];
  const client = oracleClient(captured, { conversation_sid: conversationSid, identity, sid: 'IM' + '0'.repeat(32) });
  await client.flexApi.v2.webChannels.create({
    addressSid: TEST_ENV.FLEX_ADDRESS_SID,
    chatFriendlyName: 'Webchat',
    customerFriendlyName: 'Ann',
    preEngagementData: JSON.stringify({
      email: 'ann@example.com',
      friendlyName: 'Ann',
      question: 'Where is my order?',
    }),
  });
  await client.conversations.v1
    .conversations(conversationSid)
    .messages.create({ author: identity, body: 'Where is my order?', xTwilioWebhookEnabled: 'true' });
  await client.conversations.v1.conversations(conversationSid).messages.create({
    author: 'Concierge',
    body: 'Welcome Ann! An agent will be with you in just a moment.',
    xTwilioWebhookEnabled: 'false',
  });

  assert.deepEqual(fromServer(create!), fromOracle(captured[0]!));
  assert.deepEqual(fromServer(question!), fromOracle(captured[1]!));
  assert.deepEqual(fromServer(welcome!), fromOracle(captured[2]!));
});

test("a verified customer's init sends what twilio-node sends for webChannels.create with an identity, and the resume's lookup what participantConversations.list sends", async () => {
  const verifying = await startServer('node', {
    ...TEST_ENV,
    FLEX_API_URL: fake.url,
    CONVERSATIONS_API_URL: fake.url,
    IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    WELCOME_MESSAGE: '',
  });
  try {
    fake.reset();
    const identityToken = mintIdentityToken({
      sub: 'cust-77',
      exp: epochIn(300),
      name: 'Ann',
      email: 'ann@example.com',
    });
    const response = await fetch(`${verifying.url}/api/webchat/init`, {
      method: 'POST',
      headers: { Origin: verifying.url, 'Content-Type': 'application/json' },
      body: JSON.stringify({ friendlyName: 'A', context: { pageUrl: 'https://shop.example.com/cart' }, identityToken }),
    });
    assert.equal(response.status, 201);
    const { identity, conversationSid } = (await response.json()) as { identity: string; conversationSid: string };
    const lookup = fake.requests.find((r) => r.method === 'GET');
    const create = fake.requests.find((r) => r.path === '/v2/WebChats');
    assert.ok(lookup && create);

    const captured: CapturedRequest[] = [];
    await oracleClient(captured, { conversations: [], meta: {} }, 200).conversations.v1.participantConversations.list({
      identity,
    });
    await oracleClient(captured, { conversation_sid: conversationSid, identity }).flexApi.v2.webChannels.create({
      addressSid: TEST_ENV.FLEX_ADDRESS_SID,
      chatFriendlyName: 'Webchat',
      customerFriendlyName: 'Ann',
      preEngagementData: JSON.stringify({
        friendlyName: 'Ann',
        context: { pageUrl: 'https://shop.example.com/cart' },
        email: 'ann@example.com',
        verified_customer_id: 'cust-77',
      }),
      identity,
    });
    const listed = captured[0]!;
    assert.equal(
      lookup.path,
      `${new URL(listed.uri).pathname}?${qs.stringify(listed.params, { arrayFormat: 'repeat' })}`,
    );
    assert.deepEqual(fromServer(create), fromOracle(captured[1]!));
  } finally {
    await verifying.close();
  }
});

test('end sends what twilio-node sends for conversations(sid).update({ state: closed })', async () => {
  const created = await fetch(`${server.url}/api/webchat/init`, {
    method: 'POST',
    headers: { Origin: server.url, 'Content-Type': 'application/json' },
    body: JSON.stringify({ friendlyName: 'Bea' }),
  });
  const { token, conversationSid } = (await created.json()) as { token: string; conversationSid: string };
  const response = await fetch(`${server.url}/api/webchat/end`, {
    method: 'POST',
    headers: { Origin: server.url, 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, conversationSid }),
  });
  assert.equal(response.status, 200);
  const close = fake.requests.find((r) => r.method === 'POST' && r.path === `/v1/Conversations/${conversationSid}`);
  assert.ok(close, 'the server closed the conversation');

  const captured: CapturedRequest[] = [];
  const client = oracleClient(captured, { sid: conversationSid, state: 'closed' });
  await client.conversations.v1
    .conversations(conversationSid)
    .update({ state: 'closed', xTwilioWebhookEnabled: 'true' });
  assert.deepEqual(fromServer(close), fromOracle(captured[0]!));
});

/** The twilio library's query serialiser (RequestClient: qs with arrayFormat "repeat"). */
const qs = createRequire(createRequire(import.meta.url).resolve('twilio'))('qs') as {
  stringify(params: unknown, options: { arrayFormat: 'repeat' }): string;
};

/** Headers every HTTP client adds on its own (fetch: undici; the library: axios); the rest must match. */
const TRANSPORT_HEADERS = [
  'host',
  'connection',
  'content-length',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
];

test('token refresh sends exactly what twilio-node sends for participantConversations.list({ identity })', async () => {
  for (const identity of ['visitor-1', "Zoë (O'Brien)*~ +1/ü&x=1"]) {
    const conversationSid = fake.addConversation([identity]);
    const { token } = await mintAccessToken({
      ...TEST_KEYS,
      identity,
      ttlSeconds: 3600,
    });
    fake.requests.length = 0;
    const response = await fetch(`${server.url}/api/webchat/token`, {
      method: 'POST',
      headers: { Origin: server.url, 'Content-Type': 'application/json' },
      body: JSON.stringify({ token, conversationSid }),
    });
    assert.equal(response.status, 200);
    assert.equal(fake.requests.length, 1, 'one request to Twilio');
    const ours = fake.requests[0]!;

    const captured: CapturedRequest[] = [];
    const page = { conversations: [], meta: { page: 0, page_size: 50, key: 'conversations', next_page_url: null } };
    await oracleClient(captured, page, 200).conversations.v1.participantConversations.list({ identity });
    assert.equal(captured.length, 1);
    const theirs = captured[0]!;
    const theirUrl = new URL(theirs.uri);
    const theirQuery = qs.stringify(theirs.params ?? {}, { arrayFormat: 'repeat' });

    assert.equal(ours.method, theirs.method.toUpperCase());
    assert.equal(ours.path, `${theirUrl.pathname}?${theirQuery}`);
    assert.equal(ours.headers.authorization, `Basic ${btoa(`${theirs.username}:${theirs.password}`)}`);
    const expected = Object.fromEntries(
      Object.entries(theirs.headers)
        .filter(([name]) => name.toLowerCase() !== 'user-agent')
        .map(([name, value]) => [name.toLowerCase(), value]),
    );
    const sent = Object.fromEntries(
      Object.entries(ours.headers).filter(
        ([name]) => !TRANSPORT_HEADERS.includes(name) && name !== 'user-agent' && name !== 'authorization',
      ),
    );
    assert.deepEqual(sent, expected);
  }
});

/**
 * Verified customers and page context on the server: identity tokens checked (HS256 only, exp
 * required and at most an hour ahead, a minute of clock skew, sub ≤ 128), REQUIRE_VERIFIED_IDENTITY,
 * the server's own verified_* keys, a stable identity that resumes an open chat, the context's
 * limits. Every refusal is checked to reach no Twilio at all (the recording stand-in).
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { verifyIdentityToken } from '../../server/identity/identity-token.ts';
import { webCryptoHmac } from '../../server/tokens/hmac.ts';
import { nodeHmac } from '../../server/tokens/node-hmac.ts';
import { epochIn, mintIdentityToken, TEST_IDENTITY_SECRET } from '../../scripts/harness/identity-token.ts';
import { RecordingTwilio } from '../../scripts/harness/recording-twilio.ts';
import { startServer, TEST_ENV, type RunningServer } from '../../scripts/harness/servers.ts';

type Json = Record<string, unknown>;

describe('verifyIdentityToken', () => {
  const now = epochIn(0);
  for (const [name, hmac] of [
    ['WebCrypto', webCryptoHmac],
    ['node:crypto', nodeHmac],
  ] as const) {
    const verify = (token: string) => verifyIdentityToken(token, { secret: TEST_IDENTITY_SECRET, hmac, now });

    test(`${name}: a valid token gives sub, name and email`, async () => {
      const token = mintIdentityToken({ sub: 'cust-42', exp: now + 600, name: ' Ada ', email: 'ada@example.com' });
      assert.deepEqual(await verify(token), {
        ok: true,
        customer: { sub: 'cust-42', name: 'Ada', email: 'ada@example.com' },
      });
    });

    test(`${name}: refuses what is forged, expired, too long-lived or incomplete`, async () => {
      const exp = now + 600;
      const cases: [string, string, string][] = [
        ['not a JWT', 'abc.def', 'malformed'],
        [
          'alg none, no signature',
          mintIdentityToken({ sub: 'a', exp }, { header: { alg: 'none' }, signature: '' }),
          'wrong_algorithm',
        ],
        [
          'alg RS256',
          mintIdentityToken({ sub: 'a', exp }, { header: { alg: 'RS256', typ: 'JWT' } }),
          'wrong_algorithm',
        ],
        [
          'alg hs256 (case matters)',
          mintIdentityToken({ sub: 'a', exp }, { header: { alg: 'hs256' } }),
          'wrong_algorithm',
        ],
        ['another secret', mintIdentityToken({ sub: 'a', exp }, { secret: 'x'.repeat(40) }), 'bad_signature'],
        [
          'a payload changed after signing',
          (() => {
            const [h, , s] = mintIdentityToken({ sub: 'a', exp }).split('.');
            return `${h}.${Buffer.from(JSON.stringify({ sub: 'admin', exp })).toString('base64url')}.${s}`;
          })(),
          'bad_signature',
        ],
        ['no sub', mintIdentityToken({ exp }), 'bad_claims'],
        ['an empty sub', mintIdentityToken({ sub: '', exp }), 'bad_claims'],
        ['a sub of 129 characters', mintIdentityToken({ sub: 'x'.repeat(129), exp }), 'bad_claims'],
        ['a numeric sub', mintIdentityToken({ sub: 42, exp }), 'bad_claims'],
        ['no exp', mintIdentityToken({ sub: 'a' }), 'bad_claims'],
        ['a string exp', mintIdentityToken({ sub: 'a', exp: String(exp) }), 'bad_claims'],
        ['a name that is not a string', mintIdentityToken({ sub: 'a', exp, name: { first: 'A' } }), 'bad_claims'],
        ['exp 61 s ago', mintIdentityToken({ sub: 'a', exp: now - 61 }), 'expired'],
        ['exp an hour and 61 s ahead', mintIdentityToken({ sub: 'a', exp: now + 3661 }), 'too_long'],
        ['iat 61 s ahead', mintIdentityToken({ sub: 'a', exp, iat: now + 61 }), 'not_yet_valid'],
        ['nbf 2 minutes ahead', mintIdentityToken({ sub: 'a', exp, nbf: now + 120 }), 'not_yet_valid'],
      ];
      for (const [what, token, reason] of cases) {
        assert.deepEqual(await verify(token), { ok: false, reason }, what);
      }
    });

    test(`${name}: a minute of clock skew either way, and exactly an hour ahead, are accepted`, async () => {
      for (const claims of [
        { sub: 'a', exp: now - 59 },
        { sub: 'a', exp: now + 3600 },
        { sub: 'a', exp: now + 600, iat: now + 59 },
        { sub: 'x'.repeat(128), exp: now + 600 },
      ]) {
        assert.equal((await verify(mintIdentityToken(claims))).ok, true, JSON.stringify(claims));
      }
    });
  }
});

describe('IDENTITY_SECRET and REQUIRE_VERIFIED_IDENTITY at start', () => {
  test('a short secret, a bad flag and a requirement without a secret are refused by name', () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig({ ...TEST_ENV, ...env });
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.variables;
      }
    };
    assert.deepEqual(problemsOf({ IDENTITY_SECRET: 'x'.repeat(31) }), ['IDENTITY_SECRET']);
    assert.deepEqual(problemsOf({ IDENTITY_SECRET: 'x'.repeat(32) }), []);
    assert.deepEqual(problemsOf({ REQUIRE_VERIFIED_IDENTITY: 'maybe', IDENTITY_SECRET: 'x'.repeat(32) }), [
      'REQUIRE_VERIFIED_IDENTITY',
    ]);
    assert.deepEqual(problemsOf({ REQUIRE_VERIFIED_IDENTITY: 'true' }), ['REQUIRE_VERIFIED_IDENTITY']);
    const config = loadConfig({ ...TEST_ENV, REQUIRE_VERIFIED_IDENTITY: 'true', IDENTITY_SECRET: 'x'.repeat(32) });
    assert.deepEqual(config.identity, { secret: 'x'.repeat(32), required: true });
    assert.deepEqual(loadConfig(TEST_ENV).identity, { secret: undefined, required: false });
  });
});

describe('init with identity tokens and context', () => {
  const twilio = new RecordingTwilio();
  let server: RunningServer;
  let strict: RunningServer;
  let plain: RunningServer;
  const env = (extra: Record<string, string>) => ({
    ...TEST_ENV,
    FLEX_API_URL: twilio.url,
    CONVERSATIONS_API_URL: twilio.url,
    RATE_LIMIT_INIT_PER_MINUTE: '1000',
    ...extra,
  });
  before(async () => {
    await twilio.start();
    server = await startServer('node', env({ IDENTITY_SECRET: TEST_IDENTITY_SECRET }));
    strict = await startServer(
      'node',
      env({ IDENTITY_SECRET: TEST_IDENTITY_SECRET, REQUIRE_VERIFIED_IDENTITY: 'true' }),
    );
    plain = await startServer('node', env({ WELCOME_MESSAGE: '' }));
  });
  after(async () => {
    await Promise.all([server?.close(), strict?.close(), plain?.close()]);
    await twilio.stop();
  });
  beforeEach(() => twilio.reset());

  const init = async (body: Json, on: RunningServer = server) => {
    const response = await fetch(`${on.url}/api/webchat/init`, {
      method: 'POST',
      headers: { Origin: on.url, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const codeOf = (answer: { body: Json }) => (answer.body.error as { code: string }).code;
  const webChats = () => twilio.requests.filter((r) => r.path === '/v2/WebChats');

  test('a verified customer: verified_customer_id from sub, the token name and e-mail over the form, a stable identity that is not the sub', async () => {
    const identityToken = mintIdentityToken({
      sub: 'cust-1001',
      exp: epochIn(300),
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    });
    const answer = await init({
      friendlyName: 'Someone else',
      question: 'Where is my order?',
      preEngagementData: { email: 'spoof@example.com', plan: 'gold' },
      identityToken,
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const [create] = webChats();
    assert.ok(create);
    assert.equal(create.form.CustomerFriendlyName, 'Ada Lovelace');
    assert.deepEqual(JSON.parse(create.form.PreEngagementData!), {
      email: 'ada@example.com',
      plan: 'gold',
      friendlyName: 'Ada Lovelace',
      question: 'Where is my order?',
      verified_customer_id: 'cust-1001',
    });
    const identity = create.form.Identity!;
    assert.match(identity, /^customer-[A-Za-z0-9_-]{43}$/);
    assert.ok(!identity.includes('1001'), 'the identity does not carry the sub');
    assert.equal(answer.body.identity, identity, 'the access token is for that identity');
  });

  test('a returning verified customer resumes the open chat (no second WebChats), and gets a new one once it is closed', async () => {
    const token = () => mintIdentityToken({ sub: 'cust-2002', exp: epochIn(300) });
    const first = await init({ friendlyName: 'Bo', question: 'first', identityToken: token() });
    assert.equal(first.status, 201);
    twilio.reset();
    const again = await init({ friendlyName: 'Bo', question: 'from my phone', identityToken: token() });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.conversationSid, first.body.conversationSid);
    assert.equal(again.body.identity, first.body.identity);
    assert.equal(webChats().length, 0, 'no new Flex web chat');
    const conversation = twilio.conversations.get(first.body.conversationSid as string)!;
    assert.deepEqual(conversation.messages.at(-1), {
      author: first.body.identity,
      body: 'from my phone',
      webhooks: true,
    });

    conversation.state = 'closed';
    twilio.reset();
    const later = await init({ friendlyName: 'Bo', identityToken: token() });
    assert.equal(later.status, 201);
    assert.notEqual(later.body.conversationSid, first.body.conversationSid);
    assert.equal(webChats()[0]!.form.Identity, first.body.identity, 'the same identity again');
  });

  test('forged, expired, alg:none and wrong-secret tokens: 401 invalid_identity_token, nothing sent to Twilio', async () => {
    const exp = epochIn(300);
    const tokens = {
      forged: mintIdentityToken({ sub: 'cust-1', exp }, { signature: 'A'.repeat(43) }),
      expired: mintIdentityToken({ sub: 'cust-1', exp: epochIn(-120) }),
      'alg:none': mintIdentityToken({ sub: 'cust-1', exp }, { header: { alg: 'none', typ: 'JWT' }, signature: '' }),
      'wrong secret': mintIdentityToken({ sub: 'cust-1', exp }, { secret: 'another-secret-of-thirty-two-chars!!' }),
      'more than an hour': mintIdentityToken({ sub: 'cust-1', exp: epochIn(7200) }),
    };
    for (const [what, identityToken] of Object.entries(tokens)) {
      const answer = await init({ friendlyName: 'Eve', identityToken });
      assert.equal(answer.status, 401, what);
      assert.equal(codeOf(answer), 'invalid_identity_token', what);
    }
    const noSecret = await init({ friendlyName: 'Eve', identityToken: mintIdentityToken({ sub: 'c', exp }) }, plain);
    assert.equal(noSecret.status, 401);
    assert.equal(codeOf(noSecret), 'invalid_identity_token', 'a server without IDENTITY_SECRET accepts no token');
    assert.equal(twilio.requests.length, 0);
  });

  test('visitor keys starting with verified_ are refused with 400, nothing sent to Twilio', async () => {
    for (const body of [
      { friendlyName: 'Eve', preEngagementData: { verified_customer_id: 'cust-1' } },
      { friendlyName: 'Eve', preEngagementData: { verified_: true } },
      {
        friendlyName: 'Eve',
        preEngagementData: { verified_customer_id: 'admin' },
        identityToken: mintIdentityToken({ sub: 'cust-1', exp: epochIn(300) }),
      },
    ]) {
      const answer = await init(body);
      assert.equal(answer.status, 400);
      assert.equal(codeOf(answer), 'invalid_request');
      assert.match((answer.body.error as { message: string }).message, /verified_/);
    }
    assert.equal(twilio.requests.length, 0);
  });

  test('REQUIRE_VERIFIED_IDENTITY: an init without a token is 401 identity_required; with one it goes through', async () => {
    const refused = await init({ friendlyName: 'Anon' }, strict);
    assert.equal(refused.status, 401);
    assert.equal(codeOf(refused), 'identity_required');
    assert.equal(twilio.requests.length, 0);
    const accepted = await init(
      { friendlyName: 'Cy', identityToken: mintIdentityToken({ sub: 'cust-3003', exp: epochIn(300) }) },
      strict,
    );
    assert.equal(accepted.status, 201);
  });

  test('context lands in pre_engagement_data.context', async () => {
    const context = {
      pageUrl: 'https://shop.example.com/checkout',
      pageTitle: 'Checkout',
      cartValue: 129.5,
      vip: true,
    };
    const answer = await init({ friendlyName: 'Di', context }, plain);
    assert.equal(answer.status, 201);
    assert.deepEqual(JSON.parse(webChats()[0]!.form.PreEngagementData!), { friendlyName: 'Di', context });
  });

  test('context beyond its limits: 400 invalid_request, nothing sent to Twilio', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['21 keys', Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])), /at most 20/],
      ['a value of 1025 characters', { pageTitle: 't'.repeat(1025) }, /context\.pageTitle must be at most 1024/],
      ['an object value', { cart: { items: 2 } }, /context\.cart must be a string, a number or a boolean/],
      ['an array', ['x'], /context must be an object/],
      ['a key of 65 characters', { ['k'.repeat(65)]: 1 }, /keys must be 1 to 64/],
    ];
    for (const [what, context, message] of cases) {
      const answer = await init({ friendlyName: 'Di', context }, plain);
      assert.equal(answer.status, 400, what);
      assert.equal(codeOf(answer), 'invalid_request', what);
      assert.match((answer.body.error as { message: string }).message, message, what);
    }
    const atLimit = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'v'.repeat(1024)]));
    assert.equal(twilio.requests.length, 0);
    assert.equal((await init({ friendlyName: 'Di', context: atLimit }, plain)).status, 201, 'exactly at the limits');
  });
});

/**
 * The server's business hours and bot check at init (server/business-hours.ts, server/api/turnstile.ts):
 * refusals that never reach Twilio (scripts/harness/recording-twilio.ts records every call) —
 * 409 outside_business_hours with nextOpenAt (a DST change day and a closed date included),
 * 403 bot_check_failed — the after_hours mark in leave-message mode, the variables' validation,
 * and the widget's config and CSP.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../server/app.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { widgetCsp } from '../../server/embed/widget-csp.ts';
import { RecordingTwilio } from '../../scripts/harness/recording-twilio.ts';
import { TEST_ENV } from '../../scripts/harness/servers.ts';
import { configRefusal } from '../support/config.ts';
import { mintIdentityToken, TEST_IDENTITY_SECRET } from '../../scripts/harness/identity-token.ts';
import { TURNSTILE_TEST_KEYS, TurnstileStandIn } from '../../scripts/harness/turnstile-stand-in.ts';

const OFFICE = [['09:00', '17:00']];
const BERLIN_OFFICE = JSON.stringify({
  timeZone: 'Europe/Berlin',
  weekly: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE },
  closed: ['2026-12-24', '2026-12-25'],
});
const CLIENT_ADDRESS = '203.0.113.7';

const twilio = new RecordingTwilio();
const turnstile = new TurnstileStandIn();
before(async () => {
  await twilio.start();
  await turnstile.start();
});
after(async () => {
  await twilio.stop();
  await turnstile.stop();
});
beforeEach(() => {
  twilio.reset();
  turnstile.verifications.length = 0;
});

/** An init on an app with this extra environment, at this instant. */
async function init(
  env: Record<string, string>,
  at: string,
  body: Record<string, unknown> = { friendlyName: 'Ada', question: 'Hello?' },
): Promise<{ status: number; body: { error?: { code: string; message: string; nextOpenAt?: string } } }> {
  const config = loadConfig({
    ...TEST_ENV,
    FLEX_API_URL: twilio.url,
    CONVERSATIONS_API_URL: twilio.url,
    WELCOME_MESSAGE: '',
    ...env,
  });
  const app = createApp({
    config,
    clientAddress: () => CLIENT_ADDRESS,
    log: () => undefined,
    now: () => Math.floor(Date.parse(at) / 1000),
  });
  const response = await app.fetch(
    new Request('http://chat.test/api/webchat/init', {
      method: 'POST',
      headers: { Origin: 'http://chat.test', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, body: (await response.json()) as never };
}

/** The pre-engagement data Flex was asked to create the chat with. */
function preEngagementData(): Record<string, unknown> {
  const create = twilio.requests.find((r) => r.path === '/v2/WebChats');
  assert.ok(create, 'Flex was asked to create the chat');
  return JSON.parse(create.form.PreEngagementData ?? '{}') as Record<string, unknown>;
}

describe('business hours, OFFLINE_MODE=message', () => {
  const env = { BUSINESS_HOURS: BERLIN_OFFICE };

  test('inside hours the chat starts, without an after_hours mark', async () => {
    const answer = await init(env, '2026-12-07T09:30:00Z'); // Monday 10:30 in Berlin
    assert.equal(answer.status, 201);
    assert.equal(preEngagementData().after_hours, undefined);
  });

  test('outside hours: 409 outside_business_hours with nextOpenAt, and nothing reaches Twilio', async () => {
    const answer = await init(env, '2026-12-05T12:00:00Z'); // Saturday
    assert.equal(answer.status, 409);
    assert.equal(answer.body.error?.code, 'outside_business_hours');
    assert.equal(answer.body.error?.nextOpenAt, '2026-12-07T08:00:00.000Z'); // Monday 09:00 CET
    assert.match(answer.body.error?.message ?? '', /closed/);
    assert.deepEqual(twilio.requests, []);
  });

  test('on the day summer time starts (29 March 2026), Monday opens at 09:00 CEST = 07:00 UTC', async () => {
    const answer = await init(env, '2026-03-29T20:00:00Z');
    assert.equal(answer.status, 409);
    assert.equal(answer.body.error?.nextOpenAt, '2026-03-30T07:00:00.000Z');
    assert.deepEqual(twilio.requests, []);
  });

  test('on a closed date in the middle of the week, it opens after the closed days and the weekend', async () => {
    const answer = await init(env, '2026-12-24T10:00:00Z'); // Thursday 11:00, closed
    assert.equal(answer.status, 409);
    assert.equal(answer.body.error?.nextOpenAt, '2026-12-28T08:00:00.000Z');
    assert.deepEqual(twilio.requests, []);
  });

  test('a verified customer already in a chat keeps it outside hours (another device resumes it); one without a chat is refused', async () => {
    const hours = { ...env, IDENTITY_SECRET: TEST_IDENTITY_SECRET };
    const tokenFor = (sub: string, at: string) =>
      mintIdentityToken({ sub, exp: Math.floor(Date.parse(at) / 1000) + 300 });
    const friday = '2026-12-04T15:30:00Z'; // 16:30 in Berlin, open
    const started = await init(hours, friday, { friendlyName: 'Ada', identityToken: tokenFor('cust-7', friday) });
    assert.equal(started.status, 201);
    const { conversationSid } = started.body as { conversationSid?: string };

    twilio.reset();
    const evening = '2026-12-04T17:30:00Z'; // 18:30, closed: the same customer on their phone
    const resumed = await init(hours, evening, { friendlyName: 'Ada', identityToken: tokenFor('cust-7', evening) });
    assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
    assert.equal((resumed.body as { conversationSid?: string }).conversationSid, conversationSid);
    assert.equal(twilio.requests.filter((r) => r.path === '/v2/WebChats').length, 0, 'no new web chat');

    twilio.reset();
    const other = await init(hours, evening, { friendlyName: 'Bo', identityToken: tokenFor('cust-8', evening) });
    assert.equal(other.status, 409);
    assert.equal(other.body.error?.code, 'outside_business_hours');
    assert.deepEqual(
      twilio.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`),
      ['GET /v1/ParticipantConversations'],
      'only the look-up of an open chat, nothing created',
    );
  });

  test('a visitor cannot set after_hours: 400, nothing reaches Twilio', async () => {
    const answer = await init(env, '2026-12-07T09:30:00Z', {
      friendlyName: 'Ada',
      preEngagementData: { after_hours: false },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error?.code, 'invalid_request');
    assert.match(answer.body.error?.message ?? '', /after_hours/);
    assert.deepEqual(twilio.requests, []);
  });
});

describe('business hours, OFFLINE_MODE=leave-message', () => {
  const env = { BUSINESS_HOURS: BERLIN_OFFICE, OFFLINE_MODE: 'leave-message' };

  test('outside hours the chat starts, marked pre_engagement_data.after_hours = true', async () => {
    const answer = await init(env, '2026-12-05T12:00:00Z');
    assert.equal(answer.status, 201);
    assert.equal(preEngagementData().after_hours, true);
  });

  test('inside hours it is not marked', async () => {
    assert.equal((await init(env, '2026-12-07T09:30:00Z')).status, 201);
    assert.equal(preEngagementData().after_hours, undefined);
  });
});

describe('Turnstile at init', () => {
  const env = () =>
    turnstile.env({ siteKey: TURNSTILE_TEST_KEYS.passingSiteKey, secretKey: TURNSTILE_TEST_KEYS.passingSecret });
  const at = '2026-12-07T09:30:00Z';

  test('a token the check issued passes: siteverify is asked form-encoded with secret, response and remoteip, then Flex', async () => {
    const token = turnstile.issueToken();
    const answer = await init(env(), at, { friendlyName: 'Ada', turnstileToken: token });
    assert.equal(answer.status, 201);
    assert.equal(turnstile.verifications.length, 1);
    const [verification] = turnstile.verifications;
    assert.match(verification!.contentType, /^application\/x-www-form-urlencoded/);
    assert.equal(verification!.secret, TURNSTILE_TEST_KEYS.passingSecret);
    assert.equal(verification!.response, token);
    assert.equal(verification!.remoteip, CLIENT_ADDRESS);
    assert.equal(twilio.requests[0]?.path, '/v2/WebChats');
  });

  const refusals: [string, () => Record<string, string>, () => Record<string, unknown>][] = [
    ['no token', env, () => ({ friendlyName: 'Ada' })],
    ['a token the check never issued', env, () => ({ friendlyName: 'Ada', turnstileToken: 'forged.token' })],
    [
      'siteverify says no (a failing secret)',
      () =>
        turnstile.env({ siteKey: TURNSTILE_TEST_KEYS.passingSiteKey, secretKey: TURNSTILE_TEST_KEYS.failingSecret }),
      () => ({ friendlyName: 'Ada', turnstileToken: turnstile.issueToken() }),
    ],
  ];
  for (const [what, envOf, bodyOf] of refusals) {
    test(`${what}: 403 bot_check_failed, nothing reaches Twilio`, async () => {
      const answer = await init(envOf(), at, bodyOf());
      assert.equal(answer.status, 403);
      assert.equal(answer.body.error?.code, 'bot_check_failed');
      assert.deepEqual(twilio.requests, []);
    });
  }

  test('a token is good once: its replay is refused (timeout-or-duplicate)', async () => {
    const token = turnstile.issueToken();
    assert.equal((await init(env(), at, { friendlyName: 'Ada', turnstileToken: token })).status, 201);
    twilio.reset();
    const replay = await init(env(), at, { friendlyName: 'Ada', turnstileToken: token });
    assert.equal(replay.status, 403);
    assert.deepEqual(turnstile.verifications[1]?.answer['error-codes'], ['timeout-or-duplicate']);
    assert.deepEqual(twilio.requests, []);
  });

  test('siteverify unreachable: 502, nothing reaches Twilio', async () => {
    const answer = await init({ ...env(), TURNSTILE_VERIFY_URL: 'http://127.0.0.1:9/turnstile/v0/siteverify' }, at, {
      friendlyName: 'Ada',
      turnstileToken: turnstile.issueToken(),
    });
    assert.equal(answer.status, 502);
    assert.deepEqual(twilio.requests, []);
  });

  test('outside business hours the 409 comes first, before siteverify', async () => {
    const answer = await init({ ...env(), BUSINESS_HOURS: BERLIN_OFFICE }, '2026-12-05T12:00:00Z', {
      friendlyName: 'Ada',
      turnstileToken: turnstile.issueToken(),
    });
    assert.equal(answer.status, 409);
    assert.deepEqual(turnstile.verifications, []);
  });
});

describe('the variables, validated at start', () => {
  const problemsOf = (env: Record<string, string>): ConfigError =>
    configRefusal(env) ?? assert.fail(`accepted ${JSON.stringify(env)}`);

  const cases: [Record<string, string>, string, RegExp][] = [
    [{ BUSINESS_HOURS: '{mon: 9-17}' }, 'BUSINESS_HOURS', /must be JSON/],
    [{ BUSINESS_HOURS: '{"timeZone":"Mars/Olympus","weekly":{"mon":[["09:00","17:00"]]}}' }, 'BUSINESS_HOURS', /IANA/],
    [{ BUSINESS_HOURS: '{"timeZone":"UTC","weekly":{"mon":[["9:00","17:00"]]}}' }, 'BUSINESS_HOURS', /weekly\.mon/],
    [{ BUSINESS_HOURS: BERLIN_OFFICE, OFFLINE_MODE: 'voicemail' }, 'OFFLINE_MODE', /message or leave-message/],
    [{ OFFLINE_MODE: 'leave-message' }, 'OFFLINE_MODE', /BUSINESS_HOURS is not/],
    [{ TURNSTILE_SITE_KEY: TURNSTILE_TEST_KEYS.passingSiteKey }, 'TURNSTILE_SECRET_KEY', /required/],
    [{ TURNSTILE_SECRET_KEY: TURNSTILE_TEST_KEYS.passingSecret }, 'TURNSTILE_SITE_KEY', /required/],
    [{ TURNSTILE_VERIFY_URL: 'ftp://example.com' }, 'TURNSTILE_VERIFY_URL', /http\(s\) URL/],
  ];
  for (const [env, variable, message] of cases) {
    test(`${variable}: ${JSON.stringify(env)}`, () => {
      const error = problemsOf(env);
      assert.deepEqual(error.variables, [variable]);
      assert.match(error.message, message);
    });
  }
});

describe("the widget's config and CSP", () => {
  test('the widget gets the schedule, the mode and the sitekey, never the secret', () => {
    const config = loadConfig({
      ...TEST_ENV,
      BUSINESS_HOURS: BERLIN_OFFICE,
      OFFLINE_MODE: 'leave-message',
      ...turnstile.env({ siteKey: TURNSTILE_TEST_KEYS.passingSiteKey, secretKey: TURNSTILE_TEST_KEYS.passingSecret }),
    });
    assert.equal(config.widget.businessHours?.offlineMode, 'leave-message');
    assert.equal(config.widget.businessHours?.schedule.timeZone, 'Europe/Berlin');
    assert.deepEqual(config.widget.turnstile, {
      siteKey: TURNSTILE_TEST_KEYS.passingSiteKey,
      scriptUrl: turnstile.scriptUrl,
    });
    assert.ok(!JSON.stringify(config.widget).includes(TURNSTILE_TEST_KEYS.passingSecret));
  });

  test("the CSP opens to Turnstile's origin (script and frame) only when it is configured", () => {
    const off = widgetCsp(loadConfig(TEST_ENV).widget, 'http://localhost:3000');
    assert.match(off, /script-src 'self';/);
    assert.doesNotMatch(off, /frame-src/);
    const on = widgetCsp(
      loadConfig({ ...TEST_ENV, TURNSTILE_SITE_KEY: 'x1', TURNSTILE_SECRET_KEY: 'secret' }).widget,
      'http://localhost:3000',
    );
    assert.match(on, /script-src 'self' https:\/\/challenges\.cloudflare\.com;/);
    assert.match(on, /frame-src https:\/\/challenges\.cloudflare\.com;/);
    assert.doesNotMatch(on, /default-src 'none' https/);
  });
});

/**
 * Twilio regions (TWILIO_REGION): the server's API URLs are the ones the official `twilio` library
 * uses for the region and its edge, its tokens carry the region as twilio-node's AccessToken writes
 * it (byte-identical), and the widget's config hands the region to the SDK. Bad values stop the
 * server at start, naming the variable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import twilio from 'twilio';
import { REGION_EDGES, regionalApiUrl, TWILIO_REGIONS } from '../../contracts/twilio-regions.ts';
import { parseWidgetConfig } from '../../contracts/widget-config.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { mintAccessToken } from '../../server/tokens/access-token.ts';
import { TEST_ENV, TEST_KEYS } from '../../scripts/harness/servers.ts';

const hostOf = (region: string, product: string): string => {
  const edge = region === 'us1' ? undefined : REGION_EDGES[region as keyof typeof REGION_EDGES];
  const client = twilio(TEST_ENV.TWILIO_ACCOUNT_SID, 'a'.repeat(32), { region, edge });
  return `https://${client.getHostname(`${product}.twilio.com`, edge, region === 'us1' ? undefined : region)}`;
};

test('each region: the Flex and Conversations API URLs twilio-node uses for it (with its edge)', () => {
  for (const region of TWILIO_REGIONS) {
    const config = loadConfig({
      ...TEST_ENV,
      FLEX_API_URL: undefined,
      CONVERSATIONS_API_URL: undefined,
      TWILIO_REGION: region,
    });
    assert.equal(config.twilioRegion, region);
    assert.equal(config.flexApiUrl, hostOf(region, 'flex-api'), region);
    assert.equal(config.conversationsApiUrl, hostOf(region, 'conversations'), region);
    assert.equal(config.flexApiUrl, regionalApiUrl('flex-api', region));
  }
  assert.equal(
    loadConfig({ ...TEST_ENV, FLEX_API_URL: undefined, TWILIO_REGION: 'IE1' }).flexApiUrl,
    'https://flex-api.dublin.ie1.twilio.com',
    'case does not matter',
  );
  assert.equal(
    loadConfig({ ...TEST_ENV, TWILIO_REGION: 'ie1', FLEX_API_URL: 'http://localhost:8790/flex-api' }).flexApiUrl,
    'http://localhost:8790/flex-api',
    'an explicit URL (the emulator) wins',
  );
});

test('an unknown TWILIO_REGION stops the server at start, naming it', () => {
  assert.throws(
    () => loadConfig({ ...TEST_ENV, TWILIO_REGION: 'eu1' }),
    (error: unknown) =>
      error instanceof ConfigError && error.message.includes('TWILIO_REGION must be one of us1, ie1, au1'),
  );
});

test('tokens for IE1 and AU1 are byte-identical to twilio.jwt.AccessToken with its region (the twr header)', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_790_000_000_000 });
  for (const region of ['us1', 'ie1', 'au1']) {
    const reference = new twilio.jwt.AccessToken(
      TEST_ENV.TWILIO_ACCOUNT_SID,
      TEST_ENV.TWILIO_API_KEY_SID,
      TEST_ENV.TWILIO_API_KEY_SECRET,
      // twilio-node writes twr for any region given; US1 tokens are written without it, as before.
      region === 'us1' ? { identity: 'visitor-1' } : { identity: 'visitor-1', region },
    );
    reference.addGrant(new twilio.jwt.AccessToken.ChatGrant({ serviceSid: TEST_ENV.CONVERSATIONS_SERVICE_SID }));
    const ours = await mintAccessToken({
      ...TEST_KEYS,
      identity: 'visitor-1',
      ttlSeconds: 3600,
      issuedAt: Math.floor(Date.now() / 1000),
      region,
    });
    assert.equal(ours.token, reference.toJwt(), region);
  }
});

test('the widget hears of a non-US1 region through its config; US1 and unknown values are not passed', () => {
  const server = (region: string) => loadConfig({ ...TEST_ENV, TWILIO_REGION: region }).widget.region;
  assert.equal(server('ie1'), 'ie1');
  assert.equal(server('au1'), 'au1');
  assert.equal(server('us1'), undefined);
  assert.equal(parseWidgetConfig({ region: 'ie1' }).config.region, 'ie1');
  assert.equal(parseWidgetConfig({ region: 'constructor' }).config.region, undefined);
  assert.deepEqual(parseWidgetConfig({ region: 'xx1' }).problems, [{ property: 'region', value: 'xx1' }]);
});

/**
 * setup/account.ts through the real `twilio` library, whose requests go to a stand-in account
 * (its `httpClient` option): discovery, the decisions, API key creation and every --check verdict.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import twilio from 'twilio';
import {
  checkConfiguration,
  checkCredentials,
  chooseAddress,
  chooseService,
  createApiKey,
  listAddresses,
  listServices,
  SetupError,
  type VariableCheck,
} from '../../scripts/setup/account.ts';
import { FakeTwilioAccount, flexAccount, sid, type FakeAccountState } from './fake-twilio-account.ts';

function accountWith(change: (state: FakeAccountState) => void = () => {}) {
  const state = flexAccount();
  change(state);
  const fake = new FakeTwilioAccount(state);
  // Only `request` of the library's RequestClient is ever called: the stand-in implements that.
  const clientFor = (username: string, password: string, accountSid: string) =>
    twilio(username, password, { accountSid, httpClient: fake.httpClient } as unknown as twilio.ClientOpts);
  return { state, fake, clientFor, client: clientFor(state.accountSid, state.authToken, state.accountSid) };
}

const verdict = (checks: VariableCheck[], variable: string) => {
  const found = checks.find((c) => c.variable === variable);
  assert.ok(found, `a verdict for ${variable}: ${JSON.stringify(checks)}`);
  return found;
};

describe('discovery', () => {
  test('a Flex account: its web chat address and the service that address creates conversations in', async () => {
    const { client, state, fake } = accountWith((s) => {
      s.services.push({ sid: sid('IS', 'f2'), friendly_name: 'Default Conversations Service' });
      s.defaultServiceSid = sid('IS', 'f2');
    });
    assert.equal(await checkCredentials(client, state.accountSid, 'x'), 'Acme Support');
    const addresses = await listAddresses(client);
    const address = chooseAddress(addresses);
    assert.equal(address.kind, 'found');
    assert.equal(address.kind === 'found' && address.value.sid, sid('IG', 'c1'), 'the web address, not the SMS one');
    const service = chooseService(await listServices(client), address.kind === 'found' ? address.value : undefined);
    assert.equal(
      service.kind === 'found' && service.value.sid,
      sid('IS', 'f1'),
      'the linked service, even though another is the default',
    );
    assert.ok(
      fake.requests.every((r) => r.method === 'GET'),
      'discovery only reads',
    );
  });

  test('bad credentials: Twilio 20003 becomes a message that says which credentials and where to find them', async () => {
    const { state, clientFor } = accountWith();
    await assert.rejects(
      checkCredentials(
        clientFor(state.accountSid, 'wrong-token-0000000000', state.accountSid),
        state.accountSid,
        'the account SID and auth token',
      ),
      (error: unknown) => {
        assert.ok(error instanceof SetupError);
        assert.match(error.message, /Twilio refused the account SID and auth token \(error 20003, "Authenticate"\)/);
        assert.match(error.message, /API keys & tokens/);
        return true;
      },
    );
  });

  test('no Conversations service: not a Flex account', async () => {
    const { client } = accountWith((s) => ((s.services = []), (s.defaultServiceSid = null), (s.addresses = [])));
    const choice = chooseService(await listServices(client), undefined);
    assert.equal(choice.kind, 'none');
    assert.match(choice.kind === 'none' ? choice.message : '', /No Conversations service on this account, so no Flex/);
  });

  test('no web chat address: says what the account has and where Flex keeps it', async () => {
    const { client } = accountWith((s) => (s.addresses = s.addresses.filter((a) => a.type !== 'web')));
    const choice = chooseAddress(await listAddresses(client));
    assert.equal(choice.kind, 'none');
    const message = choice.kind === 'none' ? choice.message : '';
    assert.match(message, /No Flex web chat address \(type "web"\)/);
    assert.match(message, /only addresses of type sms/);
    assert.match(message, /Conversations addresses/);
  });

  test('several web chat addresses, or several services with none linked: the choice is asked, never guessed', async () => {
    const { client } = accountWith((s) => {
      s.addresses.push({ sid: sid('IG', 'c3'), type: 'web', friendly_name: 'Second site', address: 'web-2' });
      s.addresses = s.addresses.map((a) => ({ ...a, auto_creation: {} }));
      s.services.push({ sid: sid('IS', 'f2'), friendly_name: 'Other' });
      s.defaultServiceSid = sid('IS', 'f2');
    });
    const address = chooseAddress(await listAddresses(client));
    assert.equal(address.kind, 'choose');
    assert.deepEqual(address.kind === 'choose' && address.options.map((a) => a.sid), [
      sid('IG', 'c1'),
      sid('IG', 'c3'),
    ]);
    const service = chooseService(await listServices(client), undefined);
    assert.equal(service.kind, 'choose');
    assert.equal(service.kind === 'choose' && service.options[0]!.sid, sid('IS', 'f2'), 'the account default first');
  });

  test('creates an API key with the auth token; the new key authenticates', async () => {
    const { client, state, clientFor, fake } = accountWith();
    const key = await createApiKey(client, 'Flex Webchat server');
    assert.match(key.sid, /^SK[0-9a-f]{32}$/);
    assert.ok(key.secret.length >= 16);
    const post = fake.requests.find((r) => r.method === 'POST');
    assert.equal(post?.uri, `https://api.twilio.com/2010-04-01/Accounts/${state.accountSid}/Keys.json`);
    assert.equal(
      await checkCredentials(clientFor(key.sid, key.secret, state.accountSid), state.accountSid, 'key'),
      'Acme Support',
    );
  });
});

describe('--check', () => {
  const key = { sid: sid('SK', '77'), secret: 'the-key-secret-0123456789' };
  function configured(
    change: (env: Record<string, string | undefined>) => void = () => {},
    account: (s: FakeAccountState) => void = () => {},
  ) {
    const ctx = accountWith((s) => {
      s.keys.push(key);
      account(s);
    });
    const env: Record<string, string | undefined> = {
      TWILIO_ACCOUNT_SID: ctx.state.accountSid,
      TWILIO_API_KEY_SID: key.sid,
      TWILIO_API_KEY_SECRET: key.secret,
      FLEX_ADDRESS_SID: sid('IG', 'c1'),
      CONVERSATIONS_SERVICE_SID: sid('IS', 'f1'),
    };
    change(env);
    return checkConfiguration({ env, clientFor: ctx.clientFor });
  }

  test('a correct configuration: every variable passes', async () => {
    const checks = await configured();
    assert.deepEqual(
      checks.filter((c) => !c.ok),
      [],
    );
    assert.deepEqual(
      checks.map((c) => c.variable),
      [
        'TWILIO_ACCOUNT_SID',
        'TWILIO_API_KEY_SID',
        'TWILIO_API_KEY_SECRET',
        'FLEX_ADDRESS_SID',
        'CONVERSATIONS_SERVICE_SID',
      ],
    );
  });

  test('IS… in FLEX_ADDRESS_SID: explains address vs service and names the right IG…', async () => {
    const checks = await configured((env) => (env.FLEX_ADDRESS_SID = sid('IS', 'f1')));
    const v = verdict(checks, 'FLEX_ADDRESS_SID');
    assert.equal(v.ok, false);
    assert.match(v.message, /a Conversations SERVICE SID \(IS…\); it must be the Flex web chat ADDRESS SID \(IG…\)/);
    assert.match(v.message, /belongs in CONVERSATIONS_SERVICE_SID/);
    assert.match(v.message, new RegExp(`web chat address is: ${sid('IG', 'c1')}`));
    assert.equal(verdict(checks, 'CONVERSATIONS_SERVICE_SID').ok, true);
  });

  test('IG… in CONVERSATIONS_SERVICE_SID, and the two swapped', async () => {
    const checks = await configured(
      (env) => ((env.FLEX_ADDRESS_SID = sid('IS', 'f1')), (env.CONVERSATIONS_SERVICE_SID = sid('IG', 'c1'))),
    );
    assert.match(
      verdict(checks, 'CONVERSATIONS_SERVICE_SID').message,
      /an ADDRESS SID \(IG…\); it must be the Conversations SERVICE SID \(IS…\)\. The IG… belongs in FLEX_ADDRESS_SID/,
    );
    assert.equal(verdict(checks, 'FLEX_ADDRESS_SID').ok, false);
  });

  test('an address of another type, an unknown address, a service the address does not use', async () => {
    let checks = await configured((env) => (env.FLEX_ADDRESS_SID = sid('IG', 'c2')));
    assert.match(verdict(checks, 'FLEX_ADDRESS_SID').message, /an address of type "sms", not a Flex web chat address/);
    checks = await configured((env) => (env.FLEX_ADDRESS_SID = sid('IG', '99')));
    assert.match(verdict(checks, 'FLEX_ADDRESS_SID').message, /is not an address on AC/);
    checks = await configured(
      (env) => (env.CONVERSATIONS_SERVICE_SID = sid('IS', 'f2')),
      (s) => s.services.push({ sid: sid('IS', 'f2'), friendly_name: 'Other' }),
    );
    const v = verdict(checks, 'CONVERSATIONS_SERVICE_SID');
    assert.equal(v.ok, false);
    assert.match(v.message, new RegExp(`Set CONVERSATIONS_SERVICE_SID=${sid('IS', 'f1')}`));
  });

  test('a wrong key secret: 20003 on the key, with how to get a new one; the SIDs are then not checked', async () => {
    const checks = await configured((env) => (env.TWILIO_API_KEY_SECRET = 'not-the-secret-000000000'));
    assert.match(verdict(checks, 'TWILIO_API_KEY_SID').message, /Twilio refused the API key \(error 20003/);
    assert.match(verdict(checks, 'TWILIO_API_KEY_SECRET').message, /create a new key with `npm run setup`/);
    assert.match(verdict(checks, 'FLEX_ADDRESS_SID').message, /not checked: no working credentials/);
  });

  test('a wrong auth token is reported on its own variable; the key still checks the rest', async () => {
    const checks = await configured((env) => (env.TWILIO_AUTH_TOKEN = 'wrong-auth-token-0000000'));
    assert.equal(verdict(checks, 'TWILIO_AUTH_TOKEN').ok, false);
    assert.match(verdict(checks, 'TWILIO_AUTH_TOKEN').message, /20003/);
    assert.equal(verdict(checks, 'FLEX_ADDRESS_SID').ok, true);
  });

  test('a malformed account SID stops there with what one looks like', async () => {
    const checks = await configured((env) => (env.TWILIO_ACCOUNT_SID = 'AC123'));
    assert.deepEqual(
      checks.map((c) => c.variable),
      ['TWILIO_ACCOUNT_SID'],
    );
    assert.match(checks[0]!.message, /"AC" \+ 32 hex characters/);
  });

  test('Twilio unreachable: "could not reach Twilio", never blamed on the key or the token', async () => {
    // A real network failure: the library's own RequestClient, its requests sent to a local port
    // that was just closed (connection refused), as when DNS, a proxy or the network fails.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const real = new twilio.RequestClient();
    const offlineClient = (username: string, password: string, accountSid: string) =>
      twilio(username, password, {
        accountSid,
        httpClient: {
          request: (options: { uri: string }) =>
            real.request({
              ...options,
              uri: options.uri.replace(/^https:\/\/[^/]+/, `http://127.0.0.1:${port}`),
            } as never),
        },
      } as unknown as twilio.ClientOpts);
    const env = {
      TWILIO_ACCOUNT_SID: sid('AC', 'a1'),
      TWILIO_API_KEY_SID: sid('SK', 'b1'),
      TWILIO_API_KEY_SECRET: 'a-secret-000000000000000000000000',
      TWILIO_AUTH_TOKEN: 'auth-token-0123456789abcdef0123',
      FLEX_ADDRESS_SID: sid('IG', 'c1'),
      CONVERSATIONS_SERVICE_SID: sid('IS', 'f1'),
    };
    const checks = await checkConfiguration({ env, clientFor: offlineClient });
    assert.deepEqual(
      checks.map((c) => [c.variable, c.ok]),
      [['Twilio', false]],
      'one verdict about the network, none about a variable',
    );
    assert.match(checks[0]!.message, /^could not reach Twilio: .*ECONNREFUSED/);
    assert.doesNotMatch(checks[0]!.message, /refused the API key|deleted|20003/);
    await assert.rejects(
      checkCredentials(
        offlineClient(env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, env.TWILIO_ACCOUNT_SID),
        env.TWILIO_ACCOUNT_SID,
        'the account SID and auth token',
      ),
      (error: Error) => error instanceof SetupError && error.message.startsWith('Could not reach Twilio: '),
    );
  });
});

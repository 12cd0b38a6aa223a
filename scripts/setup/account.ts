/**
 * What `npm run setup` asks the Twilio account, and the decisions it takes from the answers.
 * Pure of any I/O but the `twilio` client it is given (tests pass one whose `httpClient`
 * answers like Twilio), so every question and every failure message is testable offline.
 */
import type { Twilio } from 'twilio';
import { REGION_EDGES, type TwilioRegion } from '../../contracts/twilio-regions.ts';

export type TwilioClient = Twilio;

/** The `twilio` library's options for a region: its region and the edge Twilio pairs with it (none for US1). */
export function regionOptions(region: TwilioRegion): { region?: string; edge?: string } {
  return region === 'us1' ? {} : { region, edge: REGION_EDGES[region] };
}

export interface ServiceInfo {
  sid: string;
  friendlyName: string;
  /** The account's default Conversations service (Conversations → Configuration). */
  isDefault: boolean;
}

export interface AddressInfo {
  sid: string;
  type: string;
  friendlyName: string;
  address: string;
  /** The IS… new conversations on this address are created in (its auto-creation settings), if any. */
  serviceSid: string | undefined;
  /** Studio flow that auto-creation hands conversations to, if any. */
  studioFlowSid: string | undefined;
}

/** A decision: one value found (with why), several for the user to choose from, or none (with what to do). */
export type Choice<T> =
  | { kind: 'found'; value: T; reason: string }
  | { kind: 'choose'; options: T[]; question: string }
  | { kind: 'none'; message: string };

/** A failure to show the user as is: what went wrong and how to fix it. */
export class SetupError extends Error {
  override name = 'SetupError';
}

/** Twilio's error code and HTTP status from a `twilio` RestException (or nothing). */
export function twilioError(error: unknown): { code: number | undefined; status: number | undefined; message: string } {
  const e = error as { code?: unknown; status?: unknown; message?: unknown };
  return {
    code: typeof e?.code === 'number' ? e.code : undefined,
    status: typeof e?.status === 'number' ? e.status : undefined,
    message: typeof e?.message === 'string' ? e.message : String(error),
  };
}

/** Twilio could not be reached at all (no HTTP answer): a network failure says nothing about the credentials. */
export class TwilioUnreachableError extends SetupError {
  override name = 'TwilioUnreachableError';
  /** "could not reach Twilio: …", to follow a label. */
  constructor(readonly reason: string) {
    super(reason.charAt(0).toUpperCase() + reason.slice(1));
  }
}

/**
 * "could not reach Twilio: …" when the request got no HTTP answer (DNS, refused or reset
 * connection, timeout, proxy, TLS), else undefined. The `twilio` library rejects with axios's
 * error then: a string `code` (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, ERR_NETWORK…) and no status.
 */
export function unreachable(error: unknown): string | undefined {
  const e = error as {
    code?: unknown;
    status?: unknown;
    response?: unknown;
    message?: unknown;
    cause?: { code?: unknown };
  };
  if (typeof e?.status === 'number' || e?.response !== undefined) return undefined;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  if (!code || !/^(E[A-Z_]+|ERR_[A-Z_]+|UNABLE_TO_[A-Z_]+|CERT_[A-Z_]+|DEPTH_ZERO_[A-Z_]+)$/.test(code))
    return undefined;
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : code;
  return `could not reach Twilio: ${message.includes(code) ? message : `${code} ${message}`}. Check this machine's network connection (and HTTPS_PROXY if you use a proxy), then try again — this says nothing about the credentials.`;
}

/** Explains an error from Twilio in terms of what the user gave us. */
export function explainTwilioError(error: unknown, credentials: string): string {
  const offline = unreachable(error);
  if (offline) return offline.charAt(0).toUpperCase() + offline.slice(1);
  const { code, status, message } = twilioError(error);
  if (code === 20003 || status === 401) {
    return `Twilio refused ${credentials} (error 20003, "Authenticate"): check them in the Twilio Console (Account → API keys & tokens).`;
  }
  if (code === 20008 || code === 20403 || status === 403) {
    return `Twilio did not allow this with ${credentials} (${code ?? status}: ${message}).`;
  }
  return `Twilio answered ${code ?? status ?? 'an error'}: ${message}`;
}

/** Read-only check of the credentials: fetches the account. Returns its friendly name. */
export async function checkCredentials(client: TwilioClient, accountSid: string, credentials: string): Promise<string> {
  try {
    const account = await client.api.v2010.accounts(accountSid).fetch();
    if (account.status !== 'active')
      throw new SetupError(`The account ${accountSid} is ${account.status}, not active.`);
    return account.friendlyName;
  } catch (error) {
    if (error instanceof SetupError) throw error;
    const offline = unreachable(error);
    if (offline) throw new TwilioUnreachableError(offline);
    throw new SetupError(explainTwilioError(error, credentials));
  }
}

/** The Conversations services, the account default marked. */
export async function listServices(client: TwilioClient): Promise<ServiceInfo[]> {
  const [configuration, services] = await Promise.all([
    client.conversations.v1.configuration().fetch(),
    client.conversations.v1.services.list({ limit: 100 }),
  ]);
  return services.map((s) => ({
    sid: s.sid,
    friendlyName: s.friendlyName,
    isDefault: s.sid === configuration.defaultChatServiceSid,
  }));
}

/** The types of Conversations address that are a Flex web chat address. */
export const WEB_CHAT_ADDRESS_TYPES = ['web'];

/** Every Conversations address of the account (web chat or not). */
export async function listAddresses(client: TwilioClient): Promise<AddressInfo[]> {
  const addresses = await client.conversations.v1.addressConfigurations.list({ limit: 200 });
  return addresses.map((a) => toAddressInfo(a));
}

function toAddressInfo(a: {
  sid: string;
  type: string;
  friendlyName: string;
  address: string;
  autoCreation: unknown;
}): AddressInfo {
  const auto = (a.autoCreation ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    sid: a.sid,
    type: a.type,
    friendlyName: a.friendlyName ?? '',
    address: a.address ?? '',
    serviceSid: str(auto.conversation_service_sid) ?? str(auto.conversationServiceSid),
    studioFlowSid: str(auto.studio_flow_sid) ?? str(auto.studioFlowSid),
  };
}

export const isWebChatAddress = (a: AddressInfo): boolean => WEB_CHAT_ADDRESS_TYPES.includes(a.type);

export function describeAddress(a: AddressInfo): string {
  return `${a.sid}  ${a.friendlyName || a.address || '(no name)'}${a.serviceSid ? `  → service ${a.serviceSid}` : ''}`;
}

export function describeService(s: ServiceInfo): string {
  return `${s.sid}  ${s.friendlyName || '(no name)'}${s.isDefault ? '  (the account default)' : ''}`;
}

/** The Flex web chat address (IG…): the one address of type "web", else ask; never a guess. */
export function chooseAddress(addresses: AddressInfo[]): Choice<AddressInfo> {
  const web = addresses.filter(isWebChatAddress);
  if (web.length === 1) return { kind: 'found', value: web[0]!, reason: 'the only web chat address on the account' };
  if (web.length > 1)
    return {
      kind: 'choose',
      options: web,
      question: 'This account has several Flex web chat addresses. Which one should the chat use?',
    };
  const others =
    addresses.length === 0
      ? 'no Conversations addresses at all'
      : `only addresses of type ${[...new Set(addresses.map((a) => a.type))].join(', ')}`;
  return {
    kind: 'none',
    message:
      `No Flex web chat address (type "web") on this account: it has ${others}. ` +
      'Flex creates one with every Flex account (Console → Flex → Manage → Messaging → Conversations addresses, "Web chat"); ' +
      'if yours was deleted, create a web chat address there, then run `npm run setup` again.',
  };
}

/**
 * The Flex Conversations service (IS…): the one the chosen web chat address creates its
 * conversations in; else the only service; else ask (the account default listed first).
 */
export function chooseService(services: ServiceInfo[], address: AddressInfo | undefined): Choice<ServiceInfo> {
  if (services.length === 0) {
    return {
      kind: 'none',
      message:
        'No Conversations service on this account, so no Flex: Flex creates its "Flex Chat Service" when the Flex account is set up. ' +
        'Check that these credentials are those of your Flex account (Console → Flex), then run `npm run setup` again.',
    };
  }
  if (address?.serviceSid) {
    const linked = services.find((s) => s.sid === address.serviceSid);
    if (linked)
      return {
        kind: 'found',
        value: linked,
        reason: `the service web chat address ${address.sid} creates its conversations in`,
      };
  }
  if (services.length === 1)
    return { kind: 'found', value: services[0]!, reason: 'the only Conversations service on the account' };
  const ordered = [...services].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  return {
    kind: 'choose',
    options: ordered,
    question: 'This account has several Conversations services. Which one is Flex\'s (usually "Flex Chat Service")?',
  };
}

/** Creates an API key for the server (standard key; the secret is shown only now). */
export async function createApiKey(
  client: TwilioClient,
  friendlyName: string,
): Promise<{ sid: string; secret: string }> {
  try {
    const key = await client.newKeys.create({ friendlyName });
    return { sid: key.sid, secret: key.secret };
  } catch (error) {
    throw new SetupError(`Could not create an API key: ${explainTwilioError(error, 'the account SID and auth token')}`);
  }
}

// ─── --check: an existing configuration against the account ──────────────────────────────

export interface VariableCheck {
  variable: string;
  ok: boolean;
  /** What is right, or what is wrong and how to fix it. */
  message: string;
}

export interface CheckInput {
  env: Record<string, string | undefined>;
  /** A client authenticating with (username, password); `accountSid` is the account to act on. */
  clientFor: (username: string, password: string, accountSid: string) => TwilioClient;
}

const SID = /^[A-Z]{2}[0-9a-f]{32}$/;
const value = (env: Record<string, string | undefined>, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

/** Validates the Twilio variables of a configuration against the account, one verdict per variable. */
export async function checkConfiguration({ env, clientFor }: CheckInput): Promise<VariableCheck[]> {
  const results: VariableCheck[] = [];
  const pass = (variable: string, message: string) => results.push({ variable, ok: true, message });
  const fail = (variable: string, message: string) => results.push({ variable, ok: false, message });
  const rerun = 'or run `npm run setup` to find it.';

  const accountSid = value(env, 'TWILIO_ACCOUNT_SID');
  const keySid = value(env, 'TWILIO_API_KEY_SID');
  const keySecret = value(env, 'TWILIO_API_KEY_SECRET');
  const authToken = value(env, 'TWILIO_AUTH_TOKEN');
  const addressSid = value(env, 'FLEX_ADDRESS_SID');
  const serviceSid = value(env, 'CONVERSATIONS_SERVICE_SID');

  if (!accountSid || !SID.test(accountSid) || !accountSid.startsWith('AC')) {
    fail(
      'TWILIO_ACCOUNT_SID',
      `${accountSid ? `"${accountSid}" is not an account SID` : 'is missing'}: it is "AC" + 32 hex characters, on the Twilio Console's home page.`,
    );
    return results;
  }

  // Which credentials can we use to look at the account? The API key first (it is what the server uses).
  let client: TwilioClient | undefined;
  /** Set when Twilio could not be reached at all (the network, not the credentials). */
  let offline: string | undefined;
  if (!keySid || !SID.test(keySid) || !keySid.startsWith('SK')) {
    fail(
      'TWILIO_API_KEY_SID',
      `${keySid ? `"${keySid}" is not an API key SID (SK…)` : 'is missing'}: create a key in Console → Account → API keys & tokens, ${rerun.replace('find it', 'create one')}`,
    );
  } else if (!keySecret) {
    fail(
      'TWILIO_API_KEY_SECRET',
      'is missing: the secret is shown once, when the key is created. Create a new key with `npm run setup`.',
    );
  } else {
    const keyClient = clientFor(keySid, keySecret, accountSid);
    try {
      await checkCredentials(keyClient, accountSid, 'the API key');
      client = keyClient;
      pass('TWILIO_API_KEY_SID', `${keySid} authenticates on ${accountSid}.`);
      pass('TWILIO_API_KEY_SECRET', 'matches the key.');
    } catch (error) {
      if (error instanceof TwilioUnreachableError) offline = error.reason;
      else {
        const message = error instanceof SetupError ? error.message : explainTwilioError(error, 'the API key');
        fail(
          'TWILIO_API_KEY_SID',
          `${message} The key may be deleted, belong to another account, or not match TWILIO_API_KEY_SECRET.`,
        );
        fail(
          'TWILIO_API_KEY_SECRET',
          'could not be verified with TWILIO_API_KEY_SID (see above); if the secret is lost, create a new key with `npm run setup`.',
        );
      }
    }
  }

  if (authToken) {
    const tokenClient = clientFor(accountSid, authToken, accountSid);
    try {
      await checkCredentials(tokenClient, accountSid, 'the account SID and auth token');
      client ??= tokenClient;
      pass('TWILIO_AUTH_TOKEN', `authenticates on ${accountSid}.`);
    } catch (error) {
      if (error instanceof TwilioUnreachableError) offline = error.reason;
      else
        fail(
          'TWILIO_AUTH_TOKEN',
          error instanceof SetupError
            ? `${error.message} (Console → Account → API keys & tokens → Auth token; unset it to use the API key.)`
            : String(error),
        );
    }
  }

  if (!client && offline) {
    // No answer at all: nothing is known about any variable, and none is blamed.
    results.push({ variable: 'Twilio', ok: false, message: offline });
    return results;
  }
  if (!client) {
    const why = 'no working credentials to look the account up with (fix the API key, or set TWILIO_AUTH_TOKEN)';
    for (const name of ['FLEX_ADDRESS_SID', 'CONVERSATIONS_SERVICE_SID']) fail(name, `not checked: ${why}.`);
    results.push({ variable: 'TWILIO_ACCOUNT_SID', ok: false, message: `${accountSid} could not be checked: ${why}.` });
    return order(results);
  }
  pass('TWILIO_ACCOUNT_SID', `${accountSid} is active.`);

  // Look up what the account has, to check against and to suggest.
  let addresses: AddressInfo[] = [];
  let services: ServiceInfo[] = [];
  try {
    [addresses, services] = await Promise.all([listAddresses(client), listServices(client)]);
  } catch (error) {
    const offlineNow = unreachable(error);
    if (offlineNow) results.push({ variable: 'Twilio', ok: false, message: offlineNow });
    else
      fail(
        'FLEX_ADDRESS_SID',
        `could not list the account's addresses: ${explainTwilioError(error, 'these credentials')}`,
      );
    return order(results);
  }
  const webAddresses = addresses.filter(isWebChatAddress);
  const suggestAddress = (): string =>
    webAddresses.length === 0
      ? ' This account has no web chat address (type "web"): Flex creates one; see Console → Flex → Manage → Messaging → Conversations addresses.'
      : ` The account's web chat address${webAddresses.length > 1 ? 'es are' : ' is'}: ${webAddresses.map((a) => a.sid).join(', ')}.`;
  const suggestService = (): string =>
    services.length === 0
      ? ' This account has no Conversations service (is it a Flex account?).'
      : ` The account's services: ${services.map(describeService).join('; ')}.`;

  let address: AddressInfo | undefined;
  if (!addressSid) fail('FLEX_ADDRESS_SID', `is missing: the Flex web chat address SID (IG…).${suggestAddress()}`);
  else if (addressSid.startsWith('IS')) {
    fail(
      'FLEX_ADDRESS_SID',
      `is "${addressSid}", a Conversations SERVICE SID (IS…); it must be the Flex web chat ADDRESS SID (IG…). ` +
        `The IS… belongs in CONVERSATIONS_SERVICE_SID.${suggestAddress()}`,
    );
  } else if (!SID.test(addressSid) || !addressSid.startsWith('IG')) {
    fail(
      'FLEX_ADDRESS_SID',
      `"${addressSid}" is not an address SID: it is "IG" + 32 hex characters.${suggestAddress()}`,
    );
  } else {
    address = addresses.find((a) => a.sid === addressSid);
    if (!address) fail('FLEX_ADDRESS_SID', `${addressSid} is not an address on ${accountSid}.${suggestAddress()}`);
    else if (!isWebChatAddress(address)) {
      fail(
        'FLEX_ADDRESS_SID',
        `${addressSid} is an address of type "${address.type}", not a Flex web chat address (type "web").${suggestAddress()}`,
      );
      address = undefined;
    } else
      pass('FLEX_ADDRESS_SID', `${addressSid} is a web chat address (${address.friendlyName || address.address}).`);
  }

  if (!serviceSid)
    fail('CONVERSATIONS_SERVICE_SID', `is missing: the Flex Conversations service SID (IS…).${suggestService()}`);
  else if (serviceSid.startsWith('IG')) {
    fail(
      'CONVERSATIONS_SERVICE_SID',
      `is "${serviceSid}", an ADDRESS SID (IG…); it must be the Conversations SERVICE SID (IS…). The IG… belongs in FLEX_ADDRESS_SID.${suggestService()}`,
    );
  } else if (!SID.test(serviceSid) || !serviceSid.startsWith('IS')) {
    fail(
      'CONVERSATIONS_SERVICE_SID',
      `"${serviceSid}" is not a service SID: it is "IS" + 32 hex characters.${suggestService()}`,
    );
  } else if (!services.some((s) => s.sid === serviceSid)) {
    fail(
      'CONVERSATIONS_SERVICE_SID',
      `${serviceSid} is not a Conversations service on ${accountSid}.${suggestService()}`,
    );
  } else if (address?.serviceSid && address.serviceSid !== serviceSid) {
    fail(
      'CONVERSATIONS_SERVICE_SID',
      `${serviceSid} is not the service web chat address ${address.sid} creates its conversations in (${address.serviceSid}): ` +
        `the visitor's token would not see the conversation. Set CONVERSATIONS_SERVICE_SID=${address.serviceSid}.`,
    );
  } else pass('CONVERSATIONS_SERVICE_SID', `${serviceSid} is a Conversations service on the account.`);

  return order(results);
}

const ORDER = [
  'Twilio',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_API_KEY_SID',
  'TWILIO_API_KEY_SECRET',
  'TWILIO_AUTH_TOKEN',
  'FLEX_ADDRESS_SID',
  'CONVERSATIONS_SERVICE_SID',
];
function order(results: VariableCheck[]): VariableCheck[] {
  return [...results].sort((a, b) => ORDER.indexOf(a.variable) - ORDER.indexOf(b.variable));
}

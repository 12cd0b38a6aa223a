/**
 * A stand-in for the Twilio account behind the `twilio` library's `httpClient` option (the real
 * Twilio is unreachable in tests): answers the few read-only endpoints `npm run setup` uses and
 * API key creation, with Twilio's JSON shapes and errors (401 + code 20003 for bad credentials).
 */

export interface FakeAccountState {
  /** The account's region outside US1 (its credentials are refused on any other region's hosts, as Twilio does). */
  region?: 'ie1' | 'au1';
  accountSid: string;
  authToken: string;
  friendlyName: string;
  status?: string;
  keys: { sid: string; secret: string }[];
  services: { sid: string; friendly_name: string }[];
  defaultServiceSid: string | null;
  addresses: {
    sid: string;
    type: string;
    friendly_name: string;
    address: string;
    auto_creation?: Record<string, unknown>;
  }[];
}

export interface FakeRequest {
  method: string;
  uri: string;
  username: string;
}

interface RequestOptions {
  method?: string;
  uri?: string;
  username?: string;
  password?: string;
  params?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

/** A SID: the prefix and the hex `seed` repeated to 32 characters, e.g. sid('IG', 'c1'). */
export const sid = (prefix: string, seed: string): string => prefix + seed.repeat(32).slice(0, 32);

/** A Flex account as Twilio sets one up: one Flex Chat Service, one web chat address, an SMS address. */
export function flexAccount(): FakeAccountState {
  const service = sid('IS', 'f1');
  return {
    accountSid: sid('AC', 'a1'),
    authToken: 'auth-token-0123456789abcdef0123',
    friendlyName: 'Acme Support',
    keys: [],
    services: [{ sid: service, friendly_name: 'Flex Chat Service' }],
    defaultServiceSid: service,
    addresses: [
      {
        sid: sid('IG', 'c1'),
        type: 'web',
        friendly_name: 'Flex Web Channel',
        address: 'web',
        auto_creation: {
          enabled: true,
          type: 'studio',
          conversation_service_sid: service,
          studio_flow_sid: sid('FW', 'e1'),
        },
      },
      { sid: sid('IG', 'c2'), type: 'sms', friendly_name: 'Support line', address: '+15005550006' },
    ],
  };
}

export class FakeTwilioAccount {
  readonly requests: FakeRequest[] = [];
  private created = 0;

  constructor(readonly state: FakeAccountState) {}

  /** The object to pass as `twilio(…, { httpClient })`. */
  readonly httpClient = {
    request: async (opts: RequestOptions) => this.answer(opts),
  };

  /** api.twilio.com for US1; api.dublin.ie1.twilio.com (the edge Twilio pairs with the region) elsewhere. */
  private inRegion(hostname: string): boolean {
    const region = this.state.region;
    if (!region) return !/\.(ie1|au1|us1|jp1)\.twilio\.com$/.test(hostname);
    return hostname.endsWith(`.${region === 'ie1' ? 'dublin' : 'sydney'}.${region}.twilio.com`);
  }

  private authenticated(username: string, password: string): boolean {
    if (username === this.state.accountSid) return password === this.state.authToken;
    return this.state.keys.some((k) => k.sid === username && k.secret === password);
  }

  private answer(opts: RequestOptions): { statusCode: number; body: string; headers: Record<string, string> } {
    const method = (opts.method ?? 'get').toUpperCase();
    const url = new URL(opts.uri ?? '');
    const username = opts.username ?? '';
    this.requests.push({ method, uri: url.href, username });
    const json = (statusCode: number, body: unknown) => ({
      statusCode,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    const error = (status: number, code: number, message: string) =>
      json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

    if (!this.inRegion(url.hostname) || !this.authenticated(username, opts.password ?? ''))
      return error(401, 20003, 'Authenticate');
    const { state } = this;
    const page = (key: string, items: unknown[]) =>
      json(200, {
        [key]: items,
        meta: {
          page: 0,
          page_size: 50,
          first_page_url: url.href,
          previous_page_url: null,
          url: url.href,
          next_page_url: null,
          key,
        },
      });

    // The product's host without its region and edge (api.dublin.ie1.twilio.com → api.twilio.com).
    const path = `${url.host.replace(/\.[a-z]+\.(ie1|au1)\.twilio\.com$/, '.twilio.com')}${url.pathname}`;
    if (method === 'GET' && path === `api.twilio.com/2010-04-01/Accounts/${state.accountSid}.json`) {
      return json(200, {
        sid: state.accountSid,
        friendly_name: state.friendlyName,
        status: state.status ?? 'active',
        type: 'Full',
      });
    }
    if (method === 'POST' && path === `api.twilio.com/2010-04-01/Accounts/${state.accountSid}/Keys.json`) {
      this.created += 1;
      const key = { sid: sid('SK', `5${this.created}`), secret: `created-secret-${this.created}-abcdefghijklmnop` };
      state.keys.push(key);
      return json(201, {
        sid: key.sid,
        friendly_name: opts.data?.FriendlyName ?? '',
        secret: key.secret,
        date_created: new Date().toUTCString(),
        date_updated: new Date().toUTCString(),
      });
    }
    if (method === 'GET' && path === 'conversations.twilio.com/v1/Configuration') {
      return json(200, {
        account_sid: state.accountSid,
        default_chat_service_sid: state.defaultServiceSid,
        default_messaging_service_sid: null,
        url: url.href,
        links: {},
      });
    }
    if (method === 'GET' && path === 'conversations.twilio.com/v1/Services') {
      return page(
        'services',
        state.services.map((s) => ({ ...s, account_sid: state.accountSid, url: `${url.href}/${s.sid}` })),
      );
    }
    if (method === 'GET' && path === 'conversations.twilio.com/v1/Configuration/Addresses') {
      return page(
        'address_configurations',
        state.addresses.map((a) => ({ auto_creation: {}, ...a, account_sid: state.accountSid })),
      );
    }
    return error(404, 20404, `The requested resource ${url.pathname} was not found`);
  }
}

/**
 * Server configuration: read from environment variables (Node) or Workers vars/secrets,
 * validated once at start-up. Every problem is reported at once, by variable name.
 */

import type { WidgetConfig } from '../contracts/widget-config.ts';
import { isTwilioRegion, regionalApiUrl, TWILIO_REGIONS, type TwilioRegion } from '../contracts/twilio-regions.ts';
import { readIdentityConfig, type IdentityConfig } from './identity/config.ts';
import { readWidgetConfig } from './widget-config.ts';
import { readBusinessHours, type BusinessHoursConfig } from './business-hours.ts';
import { readTurnstileConfig, type TurnstileConfig } from './api/turnstile.ts';

export interface ServerConfig {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  /** When set, the WebChats call authenticates with account SID + auth token (as Twilio's reference server does). */
  authToken: string | undefined;
  flexAddressSid: string;
  conversationsServiceSid: string;
  /** Web sites (origins) allowed to embed the widget. */
  allowedOrigins: string[];
  /** Extra origins, besides the server's own, allowed to call /api/*. */
  apiExtraOrigins: string[];
  /** The server's public origin, when it differs from what requests show (behind a proxy). */
  publicUrl: string | undefined;
  /** TWILIO_REGION: us1 (default), ie1 or au1; the API URLs' defaults and the tokens' `twr` follow it. */
  twilioRegion: TwilioRegion;
  flexApiUrl: string;
  conversationsApiUrl: string;
  tokenTtlSeconds: number;
  resumeWindowSeconds: number;
  chatFriendlyName: string;
  /** Empty string: no welcome message. `{name}` is replaced by the visitor's name. */
  welcomeMessage: string;
  welcomeAuthor: string;
  rateLimitInitPerMinute: number;
  rateLimitTokenPerMinute: number;
  upstreamTimeoutMs: number;
  trustProxy: boolean;
  /** (Node) Where to listen: PORT (0 = any free port) and HOST. Workers ignore them. */
  port: number;
  host: string;
  /** What the widget page is told at load (Twilsock URL, pre-engagement form, attachments, the survey). */
  widget: WidgetConfig;
  /** BUSINESS_HOURS and OFFLINE_MODE; undefined = always open. */
  businessHours: BusinessHoursConfig | undefined;
  /** TURNSTILE_*; undefined = no bot check. */
  turnstile: TurnstileConfig | undefined;
  /** Where the post-chat survey's answers go (FEEDBACK_WEBHOOK_URL); undefined: no survey. */
  feedback: FeedbackWebhook | undefined;
  /** Verified customers: IDENTITY_SECRET, REQUIRE_VERIFIED_IDENTITY (server/identity/config.ts). */
  identity: IdentityConfig;
}

export interface FeedbackWebhook {
  url: string;
  /** FEEDBACK_WEBHOOK_SECRET: signs every delivery (HMAC-SHA256). */
  secret: string;
}

/** FEEDBACK_WEBHOOK_SECRET's least length: 32 characters, 256 bits as hex or about 190 as base64. */
export const FEEDBACK_SECRET_MIN_LENGTH = 32;

export type EnvSource = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }

  /** The names of the variables at fault (each problem starts with one). */
  get variables(): string[] {
    return [...new Set(this.problems.map((p) => /^[A-Z_]+/.exec(p)?.[0] ?? 'unknown'))];
  }
}

export const DEFAULT_WELCOME_MESSAGE = 'Welcome {name}! An agent will be with you in just a moment.';

const SID_PATTERN = /^[A-Z]{2}[0-9a-f]{32}$/;
/** A DNS name or an IPv4 address: dot-separated labels of letters, digits and inner hyphens. */
const HOSTNAME_PATTERN =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** An IPv6 address (loosely: hex groups and colons, at least two colons, an IPv4 tail allowed). */
const IPV6_PATTERN = /^(?=(?:[^:]*:){2})[0-9A-Fa-f:.]{2,45}$/;

export interface LoadOptions {
  /**
   * Where the server runs. On Node with NODE_ENV=production, PUBLIC_URL is required: without it
   * the API's origin check would trust the Host header. Workers (Cloudflare routes requests by
   * host, so the request's URL can be trusted) and development keep the request's origin.
   */
  runtime?: 'node' | 'workers';
}

/** Parses and validates the configuration; throws a ConfigError listing every problem. */
export function loadConfig(env: EnvSource, options: LoadOptions = {}): ServerConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const sid = (name: string, prefix: string, what: string): string => {
    const value = read(name);
    if (value === undefined) {
      problems.push(`${name} is required: ${what} (${prefix}…).`);
      return '';
    }
    if (prefix === 'IG' && value.startsWith('IS')) {
      problems.push(
        `${name} is "${value}", a Conversations service SID (IS…). It must be the Flex web chat ADDRESS SID (IG…): ` +
          'in the Twilio Console open Flex → Manage → Messaging → Conversations addresses, or run ' +
          '`twilio api:conversations:v1:configuration:addresses:list`, and take the SID of the address of type "web". ' +
          'The IS… value belongs in CONVERSATIONS_SERVICE_SID.',
      );
      return '';
    }
    if (!SID_PATTERN.test(value) || !value.startsWith(prefix)) {
      problems.push(`${name} must be ${what}: "${prefix}" followed by 32 hex characters (got "${redact(value)}").`);
      return '';
    }
    return value;
  };

  const secret = (name: string, required: boolean, what: string): string | undefined => {
    const value = read(name);
    if (value === undefined) {
      if (required) problems.push(`${name} is required: ${what}.`);
      return undefined;
    }
    if (value.length < 16) problems.push(`${name} looks too short to be ${what}.`);
    return value;
  };

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const value = read(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}").`);
      return fallback;
    }
    return n;
  };

  const url = (name: string, fallback: string): string => {
    const value = read(name) ?? fallback;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('protocol');
      return value.replace(/\/+$/, '');
    } catch {
      problems.push(`${name} must be an http(s) URL (got "${value}").`);
      return fallback;
    }
  };

  const origins = (name: string, required: boolean): string[] => {
    const value = read(name);
    if (value === undefined) {
      if (required) {
        problems.push(
          `${name} is required: a comma-separated list of the web sites allowed to embed the widget, e.g. "https://www.example.com".`,
        );
      }
      return [];
    }
    const list: string[] = [];
    for (const item of value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const origin = parseOrigin(item);
      if (origin === undefined) {
        problems.push(`${name} has "${item}", which is not an origin (scheme://host[:port], no path).`);
      } else list.push(origin);
    }
    return list;
  };

  const boolean = (name: string): boolean => {
    const value = read(name);
    if (value === undefined) return false;
    if (/^(true|1|yes)$/i.test(value)) return true;
    if (/^(false|0|no)$/i.test(value)) return false;
    problems.push(`${name} must be true or false (got "${value}").`);
    return false;
  };

  const hostname = (name: string, fallback: string): string => {
    const value = read(name);
    if (value === undefined) return fallback;
    if (!HOSTNAME_PATTERN.test(value) && !IPV6_PATTERN.test(value)) {
      problems.push(
        `${name} must be a host name or IP address to listen on, without scheme, port or brackets, e.g. 0.0.0.0, 127.0.0.1, ::, localhost (got "${value}").`,
      );
      return fallback;
    }
    return value;
  };

  const publicUrlValue = read('PUBLIC_URL');
  let publicUrl: string | undefined;
  if (publicUrlValue !== undefined) {
    publicUrl = parseOrigin(publicUrlValue.replace(/\/+$/, ''));
    if (publicUrl === undefined)
      problems.push(
        `PUBLIC_URL must be the server's public origin, e.g. https://chat.example.com (got "${publicUrlValue}").`,
      );
  } else if (options.runtime === 'node' && read('NODE_ENV') === 'production') {
    problems.push(
      "PUBLIC_URL is required with NODE_ENV=production on Node: the server's public origin, e.g. https://chat.example.com " +
        "(without it the API would take its own origin from the request's Host header).",
    );
  }

  const regionValue = read('TWILIO_REGION')?.toLowerCase() ?? 'us1';
  let twilioRegion: TwilioRegion = 'us1';
  if (isTwilioRegion(regionValue)) twilioRegion = regionValue;
  else
    problems.push(
      `TWILIO_REGION must be one of ${TWILIO_REGIONS.join(', ')} — the region of your Flex account (got "${regionValue}").`,
    );

  const widget = readWidgetConfig(env);
  problems.push(...widget.problems);
  const businessHours = readBusinessHours(env);
  problems.push(...businessHours.problems);
  const turnstile = readTurnstileConfig(env);
  problems.push(...turnstile.problems);
  // The widget learns both from its config: the schedule (no extra request) and the sitekey, never the secret.
  if (businessHours.config) widget.config.businessHours = businessHours.config;
  if (turnstile.config)
    widget.config.turnstile = { siteKey: turnstile.config.siteKey, scriptUrl: turnstile.config.scriptUrl };
  const feedback = feedbackWebhook(read, problems);
  const identity = readIdentityConfig(env);
  problems.push(...identity.problems);

  const config: ServerConfig = {
    accountSid: sid('TWILIO_ACCOUNT_SID', 'AC', 'your Twilio account SID'),
    apiKeySid: sid('TWILIO_API_KEY_SID', 'SK', 'an API key SID'),
    apiKeySecret: secret('TWILIO_API_KEY_SECRET', true, 'the secret of the API key in TWILIO_API_KEY_SID') ?? '',
    authToken: secret('TWILIO_AUTH_TOKEN', false, 'an auth token'),
    flexAddressSid: sid('FLEX_ADDRESS_SID', 'IG', 'the Flex web chat address SID'),
    conversationsServiceSid: sid('CONVERSATIONS_SERVICE_SID', 'IS', 'the Flex Conversations service SID'),
    allowedOrigins: origins('ALLOWED_ORIGINS', true),
    apiExtraOrigins: origins('API_EXTRA_ORIGINS', false),
    publicUrl,
    twilioRegion,
    flexApiUrl: url('FLEX_API_URL', regionalApiUrl('flex-api', twilioRegion)),
    conversationsApiUrl: url('CONVERSATIONS_API_URL', regionalApiUrl('conversations', twilioRegion)),
    tokenTtlSeconds: integer('TOKEN_TTL_SECONDS', 3600, 60, 86400),
    resumeWindowSeconds: integer('RESUME_WINDOW_SECONDS', 86400, 0, 30 * 86400),
    chatFriendlyName: read('CHAT_FRIENDLY_NAME') ?? 'Webchat',
    welcomeMessage: env.WELCOME_MESSAGE === undefined ? DEFAULT_WELCOME_MESSAGE : env.WELCOME_MESSAGE.trim(),
    welcomeAuthor: read('WELCOME_AUTHOR') ?? 'Concierge',
    rateLimitInitPerMinute: integer('RATE_LIMIT_INIT_PER_MINUTE', 10, 1, 100000),
    rateLimitTokenPerMinute: integer('RATE_LIMIT_TOKEN_PER_MINUTE', 60, 1, 100000),
    upstreamTimeoutMs: integer('UPSTREAM_TIMEOUT_MS', 10000, 100, 120000),
    trustProxy: boolean('TRUST_PROXY'),
    port: integer('PORT', 8787, 0, 65535),
    host: hostname('HOST', '0.0.0.0'),
    widget: {
      ...widget.config,
      ...(feedback ? { postChatSurvey: true } : {}),
      ...(identity.config.secret !== undefined ? { previousConversations: true } : {}),
    },
    businessHours: businessHours.config,
    turnstile: turnstile.config,
    feedback,
    identity: identity.config,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * The post-chat survey's webhook: FEEDBACK_WEBHOOK_URL (http or https) with FEEDBACK_WEBHOOK_SECRET
 * (at least 32 characters); POST_CHAT_SURVEY=false turns the survey off with them set. Undefined: no survey.
 */
function feedbackWebhook(read: (name: string) => string | undefined, problems: string[]): FeedbackWebhook | undefined {
  const url = read('FEEDBACK_WEBHOOK_URL');
  const secret = read('FEEDBACK_WEBHOOK_SECRET');
  const switchValue = read('POST_CHAT_SURVEY');
  let surveyOn = true;
  if (switchValue !== undefined) {
    if (/^(false|0|no)$/i.test(switchValue)) surveyOn = false;
    else if (!/^(true|1|yes)$/i.test(switchValue))
      problems.push(`POST_CHAT_SURVEY must be true or false (got "${switchValue}").`);
  }
  if (url === undefined) {
    if (secret !== undefined)
      problems.push('FEEDBACK_WEBHOOK_SECRET is set without FEEDBACK_WEBHOOK_URL: set both, or neither.');
    if (switchValue !== undefined && surveyOn)
      problems.push(
        'POST_CHAT_SURVEY is on, but FEEDBACK_WEBHOOK_URL is not set: the survey needs somewhere to send answers.',
      );
    return undefined;
  }
  let valid = true;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('protocol');
    if (parsed.username || parsed.password) throw new Error('credentials');
  } catch {
    problems.push(`FEEDBACK_WEBHOOK_URL must be an http(s) URL without credentials (got "${redact(url)}").`);
    valid = false;
  }
  if (secret === undefined) {
    problems.push(
      `FEEDBACK_WEBHOOK_SECRET is required with FEEDBACK_WEBHOOK_URL: at least ${FEEDBACK_SECRET_MIN_LENGTH} random characters, e.g. \`openssl rand -hex 32\`.`,
    );
    valid = false;
  } else if (secret.length < FEEDBACK_SECRET_MIN_LENGTH) {
    problems.push(
      `FEEDBACK_WEBHOOK_SECRET must be at least ${FEEDBACK_SECRET_MIN_LENGTH} characters (got ${secret.length}), e.g. \`openssl rand -hex 32\`.`,
    );
    valid = false;
  }
  return valid && surveyOn && secret !== undefined ? { url, secret } : undefined;
}

/** `scheme://host[:port]` of a URL with no path, query or credentials; undefined otherwise. */
export function parseOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (url.username || url.password || url.search || url.hash) return undefined;
    if (url.pathname !== '/' && url.pathname !== '') return undefined;
    if (value.replace(/\/$/, '') !== url.origin) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

function redact(value: string): string {
  return value.length > 12 ? `${value.slice(0, 6)}…` : value;
}

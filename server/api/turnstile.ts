/**
 * Bot protection with Cloudflare Turnstile (optional): TURNSTILE_SITE_KEY / TURNSTILE_SECRET_KEY
 * (both or neither), TURNSTILE_SCRIPT_URL / TURNSTILE_VERIFY_URL (Cloudflare's by default; local
 * stand-ins in tests), and the check at init: the widget's token goes to siteverify (form-encoded
 * `secret`, `response`, `remoteip`; JSON `success`) before anything reaches Twilio.
 */
import { HttpError } from '../errors.ts';
import { isRecord } from '../../contracts/guards.ts';
import type { HttpTransport } from '../twilio/upstream.ts';

export const TURNSTILE_SCRIPT_URL = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';
export const TURNSTILE_VERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';
/** Turnstile's documented maximum token length. */
const MAX_TOKEN_LENGTH = 2048;

export interface TurnstileConfig {
  siteKey: string;
  secretKey: string;
  scriptUrl: string;
  verifyUrl: string;
}

/** Undefined when Turnstile is off; problems by variable name, for loadConfig. */
export function readTurnstileConfig(env: Record<string, string | undefined>): {
  config: TurnstileConfig | undefined;
  problems: string[];
} {
  const read = (name: string) => env[name]?.trim() || undefined;
  const siteKey = read('TURNSTILE_SITE_KEY');
  const secretKey = read('TURNSTILE_SECRET_KEY');
  const problems: string[] = [];
  const url = (name: string, fallback: string): string => {
    const value = read(name) ?? fallback;
    try {
      const parsed = new URL(value);
      if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return parsed.href;
    } catch {
      // worded below
    }
    problems.push(`${name} must be an http(s) URL (got "${value}").`);
    return fallback;
  };
  const scriptUrl = url('TURNSTILE_SCRIPT_URL', TURNSTILE_SCRIPT_URL);
  const verifyUrl = url('TURNSTILE_VERIFY_URL', TURNSTILE_VERIFY_URL);
  if (siteKey === undefined && secretKey === undefined) return { config: undefined, problems };
  if (siteKey === undefined)
    problems.push('TURNSTILE_SITE_KEY is required with TURNSTILE_SECRET_KEY: the sitekey of your Turnstile widget.');
  else if (!/^[\w-]{1,100}$/.test(siteKey))
    problems.push(`TURNSTILE_SITE_KEY must be a Turnstile sitekey (letters, digits, - and _; got "${siteKey}").`);
  if (secretKey === undefined)
    problems.push('TURNSTILE_SECRET_KEY is required with TURNSTILE_SITE_KEY: the secret key of your Turnstile widget.');
  if (siteKey === undefined || secretKey === undefined) return { config: undefined, problems };
  return { config: { siteKey, secretKey, scriptUrl, verifyUrl }, problems };
}

export type BotCheck = (token: unknown, remoteIp: string) => Promise<void>;

const failed = () =>
  new HttpError(403, 'bot_check_failed', 'The security check failed. Please complete it again and retry.');

/** Verifies a visitor's token with siteverify; throws 403 bot_check_failed (or 502 when siteverify cannot be reached). */
export function turnstileCheck(config: TurnstileConfig, transport: HttpTransport, timeoutMs: number): BotCheck {
  return async (token, remoteIp) => {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw failed();
    const body = new URLSearchParams({ secret: config.secretKey, response: token, remoteip: remoteIp }).toString();
    let answer: unknown;
    try {
      const response = await transport({
        method: 'POST',
        url: config.verifyUrl,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body,
        timeoutMs,
      });
      answer = JSON.parse(response.text);
    } catch {
      throw new HttpError(502, 'upstream_error', 'The security check could not be completed. Please try again.');
    }
    if (!isRecord(answer) || answer.success !== true) throw failed();
  };
}

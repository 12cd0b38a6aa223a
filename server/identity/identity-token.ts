/**
 * Identity tokens: an HS256 JWT the site's own back end signs for a logged-in customer with
 * IDENTITY_SECRET (docs/embedding.md shows how). Claims: `sub` (the customer's id in the site,
 * 1 to 128 characters, required), `exp` (required, at most an hour ahead), optional `name` and
 * `email`. Checked with the runtime's HMAC (WebCrypto on Workers, node:crypto on Node), whose
 * verify compares in constant time; `alg` must be HS256 (so `none`, RS256 and the like are refused
 * before anything else), and clocks may differ by up to a minute.
 */
import { isRecord } from '../../contracts/guards.ts';
import type { HmacFactory } from '../tokens/hmac.ts';
import { verifyHs256Jwt } from '../tokens/hs256-jwt.ts';

/** What a valid token says about the customer. */
export interface VerifiedCustomer {
  /** The customer's id in the site. */
  sub: string;
  name?: string;
  email?: string;
}

export type IdentityTokenResult =
  | { ok: true; customer: VerifiedCustomer }
  | {
      ok: false;
      reason:
        'malformed' | 'wrong_algorithm' | 'bad_signature' | 'bad_claims' | 'expired' | 'too_long' | 'not_yet_valid';
    };

export const IDENTITY_TOKEN_RULES = {
  /** How far apart the site's clock and ours may be. */
  clockSkewSeconds: 60,
  /** The longest a token may still be valid for when it arrives. */
  maxLifetimeSeconds: 3600,
  subMaxLength: 128,
  nameMaxLength: 100,
  emailMaxLength: 254,
} as const;

export async function verifyIdentityToken(
  token: string,
  options: { secret: string; hmac: HmacFactory; /** Seconds since the epoch. */ now: number },
): Promise<IdentityTokenResult> {
  const jwt = await verifyHs256Jwt(token, options.hmac(options.secret));
  if (!jwt.ok) return jwt;
  const claims = jwt.payload;
  if (!isRecord(claims)) return { ok: false, reason: 'malformed' };
  const { sub, exp, nbf, iat, name, email } = claims;
  const rules = IDENTITY_TOKEN_RULES;
  if (typeof sub !== 'string' || sub.length < 1 || sub.length > rules.subMaxLength)
    return { ok: false, reason: 'bad_claims' };
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { ok: false, reason: 'bad_claims' };
  if (!optional(name, rules.nameMaxLength) || !optional(email, rules.emailMaxLength))
    return { ok: false, reason: 'bad_claims' };
  for (const time of [nbf, iat]) {
    if (time === undefined) continue;
    if (typeof time !== 'number' || !Number.isFinite(time)) return { ok: false, reason: 'bad_claims' };
    if (time > options.now + rules.clockSkewSeconds) return { ok: false, reason: 'not_yet_valid' };
  }
  if (exp + rules.clockSkewSeconds <= options.now) return { ok: false, reason: 'expired' };
  if (exp > options.now + rules.maxLifetimeSeconds + rules.clockSkewSeconds) return { ok: false, reason: 'too_long' };

  const customer: VerifiedCustomer = { sub };
  if (typeof name === 'string' && name.trim() !== '') customer.name = name.trim();
  if (typeof email === 'string' && email.trim() !== '') customer.email = email.trim();
  return { ok: true, customer };
}

/** Absent, or a string of at most `max` characters. */
function optional(value: unknown, max: number): boolean {
  return value === undefined || (typeof value === 'string' && value.length <= max);
}

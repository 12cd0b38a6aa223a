/**
 * Verifies Twilio access tokens (HS256 JWTs signed with an API key secret) the way Twilio does:
 * signature, issuer/subject, expiry (at most 24 h of life) and the Conversations grant.
 * The error codes are Twilio's (20101…20107), so the SDK reacts as it does against Twilio.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRecord } from '../contracts/guards.ts';
import type { DevCredentials } from './dev-credentials.ts';

export interface VerifiedToken {
  identity: string;
  serviceSid: string;
  issuedAt: number;
  expiresAt: number;
  /** The signature part: identifies this exact token (used to revoke it). */
  signature: string;
}

export interface TokenRejection {
  /** 401 for every token problem, as Twilio answers. */
  status: 401;
  code: number;
  message: string;
  expired: boolean;
}

export type TokenCheck = { ok: true; token: VerifiedToken } | { ok: false; error: TokenRejection };

const MAX_TTL_SECONDS = 86400;

function reject(code: number, message: string): TokenCheck {
  return { ok: false, error: { status: 401, code, message, expired: code === 20104 } };
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export function verifyAccessToken(
  token: unknown,
  credentials: DevCredentials,
  options: { nowSeconds?: number; revoked?: ReadonlySet<string> } = {},
): TokenCheck {
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (typeof token !== 'string' || token.length === 0) return reject(20101, 'Invalid Access Token: no token given');
  const parts = token.split('.');
  if (parts.length !== 3) return reject(20101, 'Invalid Access Token: not a JWT (expected three dot-separated parts)');
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodeJson(headerPart);
  if (!isRecord(header) || header.alg !== 'HS256') {
    return reject(20102, 'Invalid Access Token header: the algorithm must be HS256');
  }
  const payload = decodeJson(payloadPart);
  if (!isRecord(payload)) return reject(20101, 'Invalid Access Token: the payload is not JSON');
  if (payload.iss !== credentials.apiKeySid || payload.sub !== credentials.accountSid) {
    return reject(
      20103,
      `Invalid Access Token issuer/subject: tokens for this emulator are issued by ${credentials.apiKeySid} for account ${credentials.accountSid}`,
    );
  }
  const expected = createHmac('sha256', credentials.apiKeySecret).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return reject(20107, 'Invalid Access Token signature: it was not signed with the API key secret of this emulator');
  }
  const exp = payload.exp;
  const iat = typeof payload.iat === 'number' ? payload.iat : now;
  if (typeof exp !== 'number' || !Number.isFinite(exp))
    return reject(20104, 'Access Token expired or expiration date invalid');
  if (exp - iat > MAX_TTL_SECONDS)
    return reject(20104, 'Access Token expired or expiration date invalid: its life exceeds 24 hours');
  if (exp <= now) return reject(20104, 'Access Token expired or expiration date invalid');
  if (typeof payload.nbf === 'number' && payload.nbf > now) return reject(20105, 'Access Token not yet valid');
  if (options.revoked?.has(signaturePart)) return reject(20104, 'Access Token expired or expiration date invalid');
  const grants = payload.grants;
  const identity = isRecord(grants) ? grants.identity : undefined;
  const chat = isRecord(grants) ? grants.chat : undefined;
  if (typeof identity !== 'string' || identity.length === 0) {
    return reject(20106, 'Invalid Access Token grants: no identity');
  }
  if (!isRecord(chat) || chat.service_sid !== credentials.conversationsServiceSid) {
    return reject(
      20106,
      `Invalid Access Token grants: a Conversations (chat) grant for service ${credentials.conversationsServiceSid} is required`,
    );
  }
  return {
    ok: true,
    token: {
      identity,
      serviceSid: credentials.conversationsServiceSid,
      issuedAt: iat,
      expiresAt: exp,
      signature: signaturePart,
    },
  };
}

/** Mints a token like twilio's jwt.AccessToken with a ChatGrant (for tests, the bench and the agent console). */
export function mintAccessToken(
  credentials: DevCredentials,
  identity: string,
  options: { ttlSeconds?: number; nowSeconds?: number } = {},
): string {
  const iat = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const header = { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' };
  const payload = {
    jti: `${credentials.apiKeySid}-${iat}`,
    grants: { identity, chat: { service_sid: credentials.conversationsServiceSid } },
    iat,
    exp: iat + (options.ttlSeconds ?? 3600),
    iss: credentials.apiKeySid,
    sub: credentials.accountSid,
  };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode(header)}.${encode(payload)}`;
  const signature = createHmac('sha256', credentials.apiKeySecret).update(body).digest('base64url');
  return `${body}.${signature}`;
}

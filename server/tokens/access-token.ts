/**
 * Twilio access tokens (HS256 JWTs with a Conversations "chat" grant), minted and verified
 * with WebCrypto so the same code runs on Node and on Cloudflare Workers (or with the HMAC a
 * runtime brings: server/tokens/hmac.ts). The output is
 * byte-identical to the `twilio` library's `jwt.AccessToken` + `ChatGrant` for the same clock.
 */
import { isRecord } from '../../contracts/guards.ts';
import { base64UrlEncode } from './base64url.ts';
import { webCryptoHmac, type HmacFactory } from './hmac.ts';
import { verifyHs256Jwt } from './hs256-jwt.ts';

export interface AccessTokenInput {
  accountSid: string;
  apiKeySid: string;
  apiKeySecret: string;
  identity: string;
  serviceSid: string;
  ttlSeconds: number;
  /** Seconds since the epoch; defaults to now. */
  issuedAt?: number;
  /** Defaults to WebCrypto's. */
  hmac?: HmacFactory;
  /** The account's region when not US1: the header's `twr`, as twilio-node's AccessToken `region` writes it. */
  region?: string;
}

export interface AccessTokenClaims {
  jti: string;
  grants: { identity: string; chat: { service_sid: string } };
  iat: number;
  exp: number;
  iss: string;
  sub: string;
}

const HEADER = base64UrlEncode(JSON.stringify({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' }));
/** The header with a region (key order as twilio-node's: alg, typ, cty, twr). */
const headerFor = (region: string | undefined): string =>
  region && region !== 'us1'
    ? base64UrlEncode(JSON.stringify({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1', twr: region }))
    : HEADER;
const encoder = new TextEncoder();
export async function mintAccessToken(input: AccessTokenInput): Promise<{ token: string; expiresAt: Date }> {
  const iat = input.issuedAt ?? Math.floor(Date.now() / 1000);
  const exp = iat + input.ttlSeconds;
  // Key order matters for byte-identity with twilio-node: jti, grants, iat, exp, iss, sub.
  const claims: AccessTokenClaims = {
    jti: `${input.apiKeySid}-${iat}`,
    grants: { identity: input.identity, chat: { service_sid: input.serviceSid } },
    iat,
    exp,
    iss: input.apiKeySid,
    sub: input.accountSid,
  };
  const signingInput = `${headerFor(input.region)}.${base64UrlEncode(JSON.stringify(claims))}`;
  const signature = await (input.hmac ?? webCryptoHmac)(input.apiKeySecret).sign(encoder.encode(signingInput));
  return { token: `${signingInput}.${base64UrlEncode(signature)}`, expiresAt: new Date(exp * 1000) };
}

export type VerifyResult =
  { ok: true; claims: AccessTokenClaims } | { ok: false; reason: 'malformed' | 'bad_signature' | 'wrong_issuer' };

/**
 * Checks the token as every HS256 JWT (server/tokens/hs256-jwt.ts: header, signature in
 * constant time), then the claims' shape and issuer. Expiry is the caller's decision (resume windows differ).
 */
export async function verifyAccessToken(
  token: string,
  expected: { apiKeySid: string; apiKeySecret: string; accountSid: string; serviceSid: string; hmac?: HmacFactory },
): Promise<VerifyResult> {
  const jwt = await verifyHs256Jwt(token, (expected.hmac ?? webCryptoHmac)(expected.apiKeySecret));
  if (!jwt.ok) return { ok: false, reason: jwt.reason === 'bad_signature' ? 'bad_signature' : 'malformed' };
  const claims = jwt.payload;
  if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
  if (
    claims.iss !== expected.apiKeySid ||
    claims.sub !== expected.accountSid ||
    claims.grants.chat.service_sid !== expected.serviceSid
  ) {
    return { ok: false, reason: 'wrong_issuer' };
  }
  return { ok: true, claims };
}

function isClaims(value: unknown): value is AccessTokenClaims {
  if (!isRecord(value) || !isRecord(value.grants) || !isRecord(value.grants.chat)) return false;
  return (
    typeof value.grants.identity === 'string' &&
    value.grants.identity.length > 0 &&
    typeof value.grants.chat.service_sid === 'string' &&
    typeof value.iat === 'number' &&
    typeof value.exp === 'number' &&
    typeof value.iss === 'string' &&
    typeof value.sub === 'string'
  );
}

/**
 * What checking any HS256 JWT here takes (Twilio access tokens, the site's identity tokens): three
 * base64url parts; a header that names HS256, read before the signature so that a token naming
 * another algorithm (`none`, RS256…) is never checked as if it were HS256; a 32-byte signature the
 * secret's HMAC verifies in constant time; a JSON payload. The claims are the caller's to check.
 */
import { isRecord } from '../../contracts/guards.ts';
import { base64UrlDecode, base64UrlDecodeText } from './base64url.ts';
import type { HmacSha256 } from './hmac.ts';

export type Hs256JwtResult =
  { ok: true; payload: unknown } | { ok: false; reason: 'malformed' | 'wrong_algorithm' | 'bad_signature' };

const encoder = new TextEncoder();

export async function verifyHs256Jwt(token: string, hmac: HmacSha256): Promise<Hs256JwtResult> {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [header, payload, signature] = parts as [string, string, string];
  const headerJson = parseJson(base64UrlDecodeText(header));
  if (!isRecord(headerJson)) return { ok: false, reason: 'malformed' };
  if (headerJson.alg !== 'HS256') return { ok: false, reason: 'wrong_algorithm' };
  const signatureBytes = base64UrlDecode(signature);
  if (signatureBytes?.length !== 32) return { ok: false, reason: 'malformed' };
  if (!(await hmac.verify(signatureBytes, encoder.encode(`${header}.${payload}`))))
    return { ok: false, reason: 'bad_signature' };
  return { ok: true, payload: parseJson(base64UrlDecodeText(payload)) };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

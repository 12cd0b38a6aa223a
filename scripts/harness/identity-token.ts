/**
 * Identity tokens as a site's back end mints them (docs/embedding.md): an HS256 JWT signed with
 * IDENTITY_SECRET, written here with node:crypto only, independently of the server's verifier.
 * `header` and `sign` let a test forge what an attacker would send (alg "none", another secret…).
 */
import { createHmac } from 'node:crypto';

/** An IDENTITY_SECRET for tests (at least 32 characters). */
export const TEST_IDENTITY_SECRET = 'test-identity-secret-0123456789-abcdefghij';

export interface IdentityClaims {
  sub?: unknown;
  exp?: unknown;
  iat?: unknown;
  nbf?: unknown;
  name?: unknown;
  email?: unknown;
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function mintIdentityToken(
  claims: IdentityClaims,
  options: { secret?: string; header?: Record<string, unknown>; signature?: string } = {},
): string {
  const input = `${part(options.header ?? { alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  const signature =
    options.signature ??
    createHmac('sha256', options.secret ?? TEST_IDENTITY_SECRET)
      .update(input)
      .digest('base64url');
  return `${input}.${signature}`;
}

/** Seconds since the epoch, `offset` seconds from now. */
export const epochIn = (offset: number): number => Math.floor(Date.now() / 1000) + offset;

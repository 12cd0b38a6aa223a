/**
 * A verified customer at init: the identity token checked (401 invalid_identity_token, or 401
 * identity_required under REQUIRE_VERIFIED_IDENTITY), what it says written into the pre-engagement
 * data (`verified_customer_id`, and the name and e-mail, which win over the form's), and the stable
 * Conversations identity the customer keeps on every device.
 */
import { HttpError } from '../errors.ts';
import { base64UrlEncode } from '../tokens/base64url.ts';
import type { HmacFactory } from '../tokens/hmac.ts';
import type { PreEngagementData } from '../twilio/flex.ts';
import type { IdentityConfig } from './config.ts';
import { verifyIdentityToken, type VerifiedCustomer } from './identity-token.ts';

/** pre_engagement_data keys with this prefix are the server's own: a visitor's are refused (400). */
export const VERIFIED_KEY_PREFIX = 'verified_';
export const VERIFIED_CUSTOMER_ID_KEY = `${VERIFIED_KEY_PREFIX}customer_id`;

const REASONS = {
  malformed: 'it is not a JWT',
  wrong_algorithm: 'its alg must be HS256',
  bad_signature: 'its signature does not match IDENTITY_SECRET',
  bad_claims: 'it needs sub (1 to 128 characters) and exp; name and email must be strings',
  expired: 'it has expired',
  too_long: 'its exp is more than an hour ahead',
  not_yet_valid: 'its iat or nbf is in the future',
} as const;

/** The customer the token vouches for; undefined for a visitor without one (when that is allowed). */
export async function verifiedCustomerOf(
  identityToken: string | undefined,
  deps: { config: IdentityConfig; hmac: HmacFactory; /** Seconds since the epoch. */ now: number },
): Promise<VerifiedCustomer | undefined> {
  if (identityToken === undefined) {
    if (deps.config.required)
      throw new HttpError(401, 'identity_required', 'This chat is for signed-in customers: identityToken is required.');
    return undefined;
  }
  if (deps.config.secret === undefined) {
    throw new HttpError(
      401,
      'invalid_identity_token',
      'The identity token cannot be checked: this server has no IDENTITY_SECRET.',
    );
  }
  const result = await verifyIdentityToken(identityToken, {
    secret: deps.config.secret,
    hmac: deps.hmac,
    now: deps.now,
  });
  if (!result.ok) {
    throw new HttpError(401, 'invalid_identity_token', `The identity token is not valid: ${REASONS[result.reason]}.`);
  }
  return result.customer;
}

/** The pre-engagement data and name Flex gets: the token's `sub`, name and e-mail over the form's. */
export function withVerifiedCustomer(
  data: PreEngagementData,
  friendlyName: string,
  customer: VerifiedCustomer | undefined,
): { data: PreEngagementData; friendlyName: string } {
  if (!customer) return { data, friendlyName };
  const name = customer.name ?? friendlyName;
  return {
    data: {
      ...data,
      friendlyName: name,
      ...(customer.email !== undefined ? { email: customer.email } : {}),
      [VERIFIED_CUSTOMER_ID_KEY]: customer.sub,
    },
    friendlyName: name,
  };
}

/**
 * The customer's Conversations identity: the same on every device and server, not the site's id
 * itself (an agent or a log never learns it from the identity): HMAC-SHA256 of `sub` with
 * IDENTITY_SECRET, under a label of its own. Rotating IDENTITY_SECRET gives customers new identities
 * (their earlier chats stay in Flex, out of the widget's reach).
 */
export async function customerIdentity(sub: string, secret: string, hmac: HmacFactory): Promise<string> {
  const digest = await hmac(secret).sign(new TextEncoder().encode(`flex-webchat customer identity\n${sub}`));
  return `customer-${base64UrlEncode(digest)}`;
}

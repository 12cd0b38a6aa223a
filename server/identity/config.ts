/**
 * Verified customers' configuration: IDENTITY_SECRET (the HS256 secret the site's back end signs
 * identity tokens with, at least 32 characters) and REQUIRE_VERIFIED_IDENTITY (refuse an init
 * without a valid token). Problems are returned by variable name, for loadConfig to report with its own.
 */
export const IDENTITY_SECRET_MIN_LENGTH = 32;

export interface IdentityConfig {
  /** Undefined: identity tokens are refused (no secret to check them with). */
  secret: string | undefined;
  /** Every init must carry a valid identity token. */
  required: boolean;
}

export function readIdentityConfig(env: Record<string, string | undefined>): {
  config: IdentityConfig;
  problems: string[];
} {
  const problems: string[] = [];
  const secret = env.IDENTITY_SECRET?.trim() || undefined;
  if (secret !== undefined && secret.length < IDENTITY_SECRET_MIN_LENGTH) {
    problems.push(
      `IDENTITY_SECRET must be at least ${IDENTITY_SECRET_MIN_LENGTH} characters (got ${secret.length}): ` +
        'a random secret shared with the back end that signs identity tokens, e.g. `openssl rand -base64 48`.',
    );
  }
  const flag = env.REQUIRE_VERIFIED_IDENTITY?.trim() ?? '';
  let required = false;
  if (/^(true|1|yes)$/i.test(flag)) required = true;
  else if (flag !== '' && !/^(false|0|no)$/i.test(flag)) {
    problems.push(`REQUIRE_VERIFIED_IDENTITY must be true or false (got "${flag}").`);
  }
  if (required && secret === undefined) {
    problems.push('REQUIRE_VERIFIED_IDENTITY=true needs IDENTITY_SECRET: without it no identity token can be checked.');
  }
  return { config: { secret, required }, problems };
}

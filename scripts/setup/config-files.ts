/**
 * The files and commands `npm run setup` produces: `.env` (Node) and `.dev.vars` (wrangler dev),
 * both git-ignored, updated in place (other lines kept); the `wrangler secret put` commands and
 * the non-secret `[vars]` for production. Also the local (format) checks of a configuration.
 */
import { ConfigError, loadConfig } from '../../server/config.ts';
import type { VariableCheck } from './account.ts';

export interface SetupValues {
  TWILIO_ACCOUNT_SID: string;
  TWILIO_API_KEY_SID: string;
  TWILIO_API_KEY_SECRET: string;
  FLEX_ADDRESS_SID: string;
  CONVERSATIONS_SERVICE_SID: string;
  ALLOWED_ORIGINS: string;
  /** Only outside US1 (--region ie1|au1). */
  TWILIO_REGION?: string;
  /** Only with --with-auth-token: the WebChats call then uses account SID + auth token. */
  TWILIO_AUTH_TOKEN?: string;
}

/** The variables that are secrets: `wrangler secret put` in production, never in wrangler.toml. */
export const SECRET_VARIABLES = ['TWILIO_API_KEY_SECRET', 'TWILIO_AUTH_TOKEN'] as const;

/** Parses KEY=value lines (as Node's --env-file and wrangler read them; quotes removed). */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    let value = match[2]!;
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    values[match[1]!] = value;
  }
  return values;
}

/** Quotes a value only when it needs it (spaces, #, quotes). */
function formatValue(value: string): string {
  return /^[A-Za-z0-9_.,:/@+=-]*$/.test(value) ? value : `"${value.replace(/"/g, '\\"')}"`;
}

/**
 * `existing` with each of `values` set: a line that sets the variable is replaced in place,
 * others are appended under a comment; every other line (comments, other settings) is kept.
 */
export function mergeEnvFile(existing: string, values: Record<string, string | undefined>, header: string): string {
  const lines = existing === '' ? [] : existing.replace(/\n$/, '').split('\n');
  const pending = new Map(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
  const out = lines.map((line) => {
    const name = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (name === undefined || !pending.has(name)) return line;
    const value = pending.get(name)!;
    pending.delete(name);
    return `${name}=${formatValue(value)}`;
  });
  if (pending.size > 0) {
    if (out.length > 0 && out[out.length - 1] !== '') out.push('');
    out.push(`# ${header}`);
    for (const [name, value] of pending) out.push(`${name}=${formatValue(value)}`);
  }
  return out.join('\n') + '\n';
}

/** What to run for a Cloudflare Workers deployment: the non-secret vars for wrangler.toml, the secret commands. */
export function workersInstructions(values: SetupValues): string {
  const vars = (
    [
      'TWILIO_ACCOUNT_SID',
      'TWILIO_API_KEY_SID',
      'FLEX_ADDRESS_SID',
      'CONVERSATIONS_SERVICE_SID',
      'ALLOWED_ORIGINS',
      'TWILIO_REGION',
    ] as const
  )
    .filter((name) => values[name] !== undefined)
    .map((name) => `${name} = ${JSON.stringify(values[name])}`)
    .join('\n');
  const secrets = SECRET_VARIABLES.filter((name) => values[name] !== undefined)
    .map((name) => `npx wrangler secret put ${name}`)
    .join('\n');
  return [
    'For Cloudflare Workers, put these (not secret) under [vars] in wrangler.toml, with your production web sites in ALLOWED_ORIGINS:',
    '',
    vars,
    '',
    'and store the secrets with Cloudflare (each command asks for the value; it is in .dev.vars):',
    '',
    secrets,
  ].join('\n');
}

/** Format problems of a whole configuration, per variable (the server's own start-up validation). */
export function localChecks(env: Record<string, string | undefined>, skip: readonly string[]): VariableCheck[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems
      .map((problem) => ({
        variable: /^[A-Z_]+/.exec(problem)?.[0] ?? 'configuration',
        ok: false,
        message: problem.replace(/^[A-Z_]+\s*/, ''),
      }))
      .filter((check) => !skip.includes(check.variable));
  }
}

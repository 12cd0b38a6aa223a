/**
 * DNS rebinding guard: the emulator answers only requests whose `Host` names it — localhost,
 * 127.0.0.1, [::1], the host it listens on (unless a wildcard) and the names it was given
 * (`allowedHosts`, `--allowed-host`). A page on a rebound name (evil.example → 127.0.0.1) is
 * same-origin with its own name, never with these, so it cannot reach the control API.
 */
import type { MiddlewareHandler } from 'hono';
import { controlErrorBody } from './errors.ts';
import { json } from './json.ts';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_HOSTS = ['0.0.0.0', '::', '[::]'];

/** The host names (lower case, IPv6 in brackets, no port) the emulator answers to. */
export function allowedHostNames(listenHost: string, extra: readonly string[] = []): ReadonlySet<string> {
  const names = new Set(LOOPBACK_NAMES);
  for (const name of [listenHost, ...extra]) {
    const normalized = normalizeHostName(name);
    if (normalized && !WILDCARD_HOSTS.includes(normalized)) names.add(normalized);
  }
  return names;
}

/** `Host` header value → its host name (lower case, without port); undefined when absent. */
export function hostNameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end === -1 ? value : value.slice(0, end + 1);
  }
  return value.replace(/:\d*$/, '');
}

export function isAllowedHost(hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  const name = hostNameOf(hostHeader);
  return name !== undefined && allowed.has(name);
}

export function forbiddenHostMessage(hostHeader: string | undefined): string {
  return `The emulator does not answer to the host "${hostHeader ?? ''}": use localhost, 127.0.0.1 or [::1], or start it with --allowed-host NAME.`;
}

export function hostCheck(allowed: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host');
    if (!isAllowedHost(host, allowed))
      return json(c, 403, controlErrorBody('forbidden_host', forbiddenHostMessage(host)));
    await next();
  };
}

function normalizeHostName(name: string): string | undefined {
  const trimmed = name.trim().toLowerCase();
  if (!trimmed) return undefined;
  return trimmed.includes(':') && !trimmed.startsWith('[') ? `[${trimmed}]` : trimmed;
}

import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The socket's address; with TRUST_PROXY the address our own proxy appended last to X-Forwarded-For. */
export function nodeClientAddress(trustProxy: boolean): (c: Context) => string {
  return (c) => {
    if (trustProxy) {
      const forwarded = c.req
        .header('X-Forwarded-For')
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const last = forwarded?.at(-1);
      if (last) return last;
    }
    return getConnInfo(c).remote.address ?? 'unknown';
  };
}

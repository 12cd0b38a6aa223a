/**
 * Gzip for content-hashed, immutable files on Node, compressed once per process: the same bytes
 * never change, so each file's gzip is kept instead of being made again for every request (the SDK
 * chunk is ~330 KB of JavaScript: ~10 ms of the server's CPU each time, while a returning visitor's
 * widget is waiting on the same server for their messages). Only what was served with 200 is kept:
 * a path that is not a file costs nothing. Workers do not use it (Cloudflare compresses there).
 */
import type { MiddlewareHandler } from 'hono';

/** Smaller bodies are sent as they are (as hono/compress does). */
const MIN_BYTES = 1024;

export function gzipOnce(): MiddlewareHandler {
  const compressed = new Map<string, Promise<ArrayBuffer>>();
  return async (c, next) => {
    await next();
    const res = c.res;
    const accepts = /\bgzip\b/i.test(c.req.header('Accept-Encoding') ?? '');
    if (c.req.method !== 'GET' || res.status !== 200 || !res.body || res.headers.has('Content-Encoding')) return;
    res.headers.append('Vary', 'Accept-Encoding');
    if (!accepts) return;
    const key = c.req.path;
    let gzipped = compressed.get(key);
    if (gzipped) await res.body.cancel();
    else {
      const raw = await res.arrayBuffer();
      if (raw.byteLength < MIN_BYTES) {
        c.res = new Response(raw, { status: 200, headers: res.headers });
        return;
      }
      gzipped = new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
      compressed.set(key, gzipped);
      gzipped.catch(() => compressed.delete(key));
    }
    const headers = new Headers(res.headers);
    headers.set('Content-Encoding', 'gzip');
    headers.delete('Content-Length');
    c.res = new Response(await gzipped, { status: 200, headers });
  };
}

/** JSON responses as the emulator has always sent them: UTF-8, never cached. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } as const;

export function json(c: Context, status: number, body: unknown): Response {
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, JSON_HEADERS);
}

/** http://host:port as the caller reached the emulator (for the URLs its resources carry). */
export function baseUrlOf(c: Context): string {
  return new URL(c.req.url).origin;
}

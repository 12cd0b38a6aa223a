/**
 * CSRF guard of the control API: a page on another origin must not drive it. A browser sends
 * `Origin` with every cross-origin request and every POST, so a request that carries one must come
 * from the emulator's own origin (the agent console); clients without one (Node: tests, scripts,
 * curl) pass. A body must be `application/json`, a type no page can send cross-origin without a
 * CORS preflight (which the control API never grants): a no-cors `text/plain` post is refused.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { controlErrorBody } from '../http/errors.ts';
import { baseUrlOf, json } from '../http/json.ts';

export const controlRequestGuard: MiddlewareHandler = async (c, next) => {
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== baseUrlOf(c)) {
    return json(
      c,
      403,
      controlErrorBody(
        'forbidden_origin',
        `The control API answers only the emulator's own pages (${baseUrlOf(c)}) and clients that send no Origin; "${origin}" is another origin.`,
      ),
    );
  }
  if (hasBody(c) && !isJson(c.req.header('content-type'))) {
    return json(
      c,
      415,
      controlErrorBody(
        'unsupported_media_type',
        `Send the body as JSON with "Content-Type: application/json" (got "${c.req.header('content-type') ?? 'none'}").`,
      ),
    );
  }
  await next();
};

function hasBody(c: Context): boolean {
  const length = c.req.header('content-length');
  return c.req.header('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

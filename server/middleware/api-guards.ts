/** Guards in front of every /api/* route: origin, content type, body size, rate limit. */
import type { Context, MiddlewareHandler } from 'hono';
import { HttpError } from '../errors.ts';
import type { RateLimiter } from '../rate-limit/rate-limiter.ts';

/**
 * The field limits (server/api/validation.ts) are the rule; the body limit only has to let every
 * body they allow through: 51,812 characters at most (100 + 4,096 + 2 × 20 × (64 + 1,024) for the
 * pre-engagement data and the context + 4,096 for the identity token), up to 3 bytes each in UTF-8
 * as JSON.stringify sends them (≈ 152 KB), plus the JSON around them.
 */
export const MAX_BODY_BYTES = 160 * 1024;

/** Only the server's own origin (where the widget iframe lives) and the configured extra origins. */
export function originGuard(allowedOrigins: (c: Context) => string[]): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('Origin');
    if (!origin) {
      throw new HttpError(
        403,
        'origin_not_allowed',
        'Requests to the chat API must come from the chat widget (the Origin header is missing).',
      );
    }
    if (!allowedOrigins(c).includes(origin)) {
      throw new HttpError(
        403,
        'origin_not_allowed',
        `Requests from ${origin} are not allowed; add it to API_EXTRA_ORIGINS if it should call the API.`,
      );
    }
    await next();
  };
}

export const jsonOnly: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'POST') {
    const type = c.req.header('Content-Type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new HttpError(
        415,
        'unsupported_media_type',
        'Send the request body as JSON with Content-Type: application/json.',
      );
    }
  }
  await next();
};

/**
 * Reads the body up to MAX_BODY_BYTES (whatever Content-Length claims) and parses it as JSON;
 * the parsed value is left in the context as `body`.
 */
export const jsonBody: MiddlewareHandler<{ Variables: { body: unknown } }> = async (c, next) => {
  const contentLength = c.req.header('Content-Length');
  const declared = Number(contentLength ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  // A declared length bounds the body (HTTP framing): read it at once, which on Node skips the web
  // stream (@hono/node-server reads the socket directly). Without one (chunked), count while reading.
  const bytes =
    contentLength !== undefined ? new Uint8Array(await c.req.raw.arrayBuffer()) : await readBounded(c.req.raw);
  try {
    c.set('body', JSON.parse(utf8.decode(bytes)));
  } catch {
    throw new HttpError(400, 'invalid_request', 'The request body is not valid JSON.');
  }
  await next();
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body, refused (413) as soon as it grows past MAX_BODY_BYTES. */
async function readBounded(request: Request): Promise<Uint8Array> {
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(): HttpError {
  return new HttpError(413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
}

export function rateLimit(limiter: RateLimiter, clientAddress: (c: Context) => string): MiddlewareHandler {
  return async (c, next) => {
    const decision = await limiter.check(clientAddress(c));
    if (!decision.allowed) {
      throw new HttpError(
        429,
        'rate_limited',
        `Too many requests from your network. Please wait ${decision.retryAfterSeconds} seconds and try again.`,
        { 'Retry-After': String(decision.retryAfterSeconds) },
      );
    }
    await next();
  };
}

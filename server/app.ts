import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { WEBCHAT_API } from '../contracts/webchat-api.ts';
import type { ServerConfig } from './config.ts';
import { HttpError } from './errors.ts';
import { webchatRoutes } from './api/webchat.ts';
import { historyRoutes } from './api/history.ts';
import { jsonBody, jsonOnly, originGuard, rateLimit } from './middleware/api-guards.ts';
import { consoleSink, requestLog, type LogSink } from './middleware/request-log.ts';
import { editAnswerHeaders } from './middleware/answer-headers.ts';
import { MemoryRateLimiter, type RateLimiter } from './rate-limit/rate-limiter.ts';
import { rateLimitKey } from './rate-limit/client-key.ts';
import { fetchTransport, UpstreamClient, UpstreamUnreachableError, type HttpTransport } from './twilio/upstream.ts';
import { turnstileCheck } from './api/turnstile.ts';
import type { AssetSource } from './embed/asset-source.ts';
import { webCryptoHmac, type HmacFactory } from './tokens/hmac.ts';
import { embedRoutes } from './embed/routes.ts';

export interface AppOptions {
  config: ServerConfig;
  /** The client's address, for rate limiting; each runtime's entry point knows where to find it. */
  clientAddress: (c: Context) => string;
  /** Replaces the in-memory rate limiters (Workers: the Rate Limiting binding). */
  rateLimiters?: { init?: RateLimiter; token?: RateLimiter };
  /** How the server calls Twilio and the feedback webhook (default fetch; Node brings node:http with kept-alive connections). */
  transport?: HttpTransport;
  /** The HMAC tokens are signed with (default WebCrypto's; Node brings node:crypto's). */
  hmac?: HmacFactory;
  log?: LogSink;
  /** Seconds since the epoch (tests move the clock). */
  now?: () => number;
  /** The built browser files (dist/public); without it the embedding routes are not mounted. */
  assets?: AssetSource;
}

interface Env {
  Variables: { body: unknown; requestId: string; errorCode?: string };
}

/** The one Hono app both runtimes serve. */
export function createApp(options: AppOptions): Hono<Env> {
  const { config } = options;
  const log = options.log ?? consoleSink;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const transport = options.transport ?? fetchTransport();
  const upstream = new UpstreamClient(transport);
  const app = new Hono<Env>();

  app.use(requestLog(log));
  app.use(baseHeaders);
  app.get('/health', (c) => c.json({ status: 'ok' }));

  const ownOrigin = (c: Context) => config.publicUrl ?? new URL(c.req.url).origin;
  app.use('/api/*', apiHeaders);
  app.use(
    '/api/*',
    originGuard((c) => [ownOrigin(c), ...config.apiExtraOrigins]),
    // Only API_EXTRA_ORIGINS need CORS (the widget calls from the server's own origin). The guard
    // above already refused every other origin, preflights included, so they never get CORS headers;
    // the widget's own calls skip it (apiHeaders adds their Vary: Origin).
    extraOriginCors(config.apiExtraOrigins),
    jsonOnly,
  );
  // IPv6 clients are counted per /64 (rateLimitKey), on both runtimes and with either limiter.
  const clientKey = (c: Context) => rateLimitKey(options.clientAddress(c));
  app.use(
    WEBCHAT_API.init,
    rateLimit(options.rateLimiters?.init ?? new MemoryRateLimiter(config.rateLimitInitPerMinute), clientKey),
  );
  // One budget for the calls of a visitor who holds a token (refresh, end, feedback, recent).
  const sessionLimit = rateLimit(
    options.rateLimiters?.token ?? new MemoryRateLimiter(config.rateLimitTokenPerMinute),
    clientKey,
  );
  app.use(WEBCHAT_API.token, sessionLimit);
  app.use(WEBCHAT_API.end, sessionLimit);
  app.use(WEBCHAT_API.feedback, sessionLimit);
  app.use(WEBCHAT_API.recent, sessionLimit);
  app.use(WEBCHAT_API.history, sessionLimit);
  app.use(WEBCHAT_API.pastConversation, sessionLimit);
  app.use('/api/*', jsonBody);
  const botCheck = config.turnstile ? turnstileCheck(config.turnstile, transport, config.upstreamTimeoutMs) : undefined;
  app.route(
    '/api/webchat',
    webchatRoutes({
      config,
      upstream,
      transport,
      log,
      now,
      hmac: options.hmac ?? webCryptoHmac,
      clientAddress: options.clientAddress,
      ...(botCheck ? { botCheck } : {}),
    }),
  );
  app.route(WEBCHAT_API.history, historyRoutes({ config, upstream, hmac: options.hmac ?? webCryptoHmac, now }));
  if (options.assets) app.route('/', embedRoutes({ config, assets: options.assets }));

  app.notFound((c) => {
    c.set('errorCode', 'not_found');
    return c.json(
      new HttpError(404, 'not_found', `Nothing at ${c.req.method} ${new URL(c.req.url).pathname}.`).toBody(),
      404,
    );
  });
  app.onError((error, c) => {
    const apiError =
      error instanceof HttpError
        ? error
        : new HttpError(500, 'internal_error', 'Something went wrong on the chat server. Please try again.');
    if (!(error instanceof HttpError)) {
      log({
        time: new Date().toISOString(),
        level: 'error',
        requestId: c.get('requestId'),
        event: 'unhandled_error',
        message: error.message,
      });
    } else if (error instanceof UpstreamUnreachableError) {
      log({
        time: new Date().toISOString(),
        level: 'error',
        requestId: c.get('requestId'),
        event: 'upstream_unreachable',
        detail: error.detail,
      });
    }
    c.set('errorCode', apiError.code);
    return c.json(apiError.toBody(), apiError.status, apiError.headers);
  });
  return app;
}

/**
 * On every response (errors and 404s included): no MIME sniffing; and, unless a route chose
 * otherwise (loader.js is `cross-origin`), `Cross-Origin-Resource-Policy: same-origin` — only
 * the chat server's own pages may embed what it answers with no-cors requests.
 */
const baseHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  editAnswerHeaders(c, (headers) => {
    headers.set('X-Content-Type-Options', 'nosniff');
    if (!headers.has('Cross-Origin-Resource-Policy') && c.req.path !== '/widget') {
      headers.set('Cross-Origin-Resource-Policy', 'same-origin');
    }
  });
};

/** /api/*: answers carry tokens (never stored by a cache) and depend on the Origin header. */
const apiHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  editAnswerHeaders(c, (headers) => {
    headers.set('Cache-Control', 'no-store');
    if (!/(^|,)\s*origin\s*(,|$)/i.test(headers.get('Vary') ?? '')) headers.append('Vary', 'Origin');
  });
};

/** CORS for the configured extra origins (and any preflight), nothing for the server's own origin. */
function extraOriginCors(extraOrigins: string[]): MiddlewareHandler {
  const withCors = cors({
    origin: (origin) => (extraOrigins.includes(origin) ? origin : null),
    allowMethods: ['POST'],
    allowHeaders: ['content-type'],
    maxAge: 600,
  });
  return (c, next) =>
    c.req.method === 'OPTIONS' || extraOrigins.includes(c.req.header('Origin') ?? '') ? withCors(c, next) : next();
}

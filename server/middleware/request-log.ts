/**
 * One structured JSON line per request, with a request id (also sent back as X-Request-Id).
 * Never logs a token, a secret, a message body, a query string or an e-mail address.
 */
import type { MiddlewareHandler } from 'hono';

export type LogSink = (line: Record<string, unknown>) => void;

export const consoleSink: LogSink = (line) => console.log(JSON.stringify(line));

export interface LogVariables {
  requestId: string;
  /** The API error code of a failed request, for the log line. */
  errorCode?: string;
}

export function requestLog(sink: LogSink): MiddlewareHandler<{ Variables: LogVariables }> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = crypto.randomUUID();
    c.set('requestId', requestId);
    await next();
    c.header('X-Request-Id', requestId);
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level: c.res.status >= 500 ? 'error' : c.res.status >= 400 ? 'warn' : 'info',
      requestId,
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    const errorCode = c.get('errorCode');
    if (errorCode) line.error = errorCode;
    sink(line);
  };
}

/**
 * One structured log entry per request, with a request id (also sent back as X-Request-Id): a JSON
 * line in production and on Workers, a human-readable line in development on Node (the Node entry
 * picks the sink). Never logs a token, a secret, a message body, a query string or an e-mail address.
 */
import type { MiddlewareHandler } from 'hono';
import { editAnswerHeaders } from './answer-headers.ts';

export type LogSink = (line: Record<string, unknown>) => void;

/** Production (and Workers): one JSON line per entry, for log collectors. */
export const consoleSink: LogSink = (line) => console.log(JSON.stringify(line));

/**
 * Development (the Node entry when NODE_ENV is not `production`): the same entries as
 * human-readable lines, e.g. `10:04:05 POST /api/webchat/init 201 34.2 ms  req 1b2c3d4e`.
 */
export const readableSink: LogSink = (line) => {
  const text = formatReadable(line);
  if (line.level === 'error') console.error(text);
  else console.log(text);
};

/** One log entry as a line for a developer's terminal. */
export function formatReadable(line: Record<string, unknown>): string {
  const { time, level, requestId, method, path, status, durationMs, error, event, message, ...rest } = line;
  const parts: string[] = [typeof time === 'string' ? time.slice(11, 19) : new Date().toISOString().slice(11, 19)];
  if (level === 'warn' || level === 'error') parts.push(level.toUpperCase());
  if (typeof method === 'string' && typeof path === 'string') {
    parts.push(method, path, String(status));
    if (typeof durationMs === 'number') parts.push(`${durationMs} ms`);
  }
  if (typeof event === 'string') parts.push(event);
  if (typeof error === 'string') parts.push(`(${error})`);
  if (typeof message === 'string') parts.push(`${message}`);
  for (const [key, value] of Object.entries(rest))
    parts.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  if (typeof requestId === 'string') parts.push(` req ${requestId.slice(0, 8)}`);
  return parts.join(' ');
}

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
    editAnswerHeaders(c, (headers) => headers.set('X-Request-Id', requestId));
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

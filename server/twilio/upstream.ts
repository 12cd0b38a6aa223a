/**
 * Calls to Twilio's REST APIs with plain fetch (the `twilio` library does not run on Workers):
 * form-encoded bodies, HTTP Basic auth, a timeout, and Twilio's JSON errors turned into HttpErrors
 * that carry Twilio's code and message but never a credential.
 */
import { isRecord } from '../../contracts/guards.ts';
import { HttpError } from '../errors.ts';

export interface Credentials {
  username: string;
  password: string;
}

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  url: string;
  credentials: Credentials;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** What the call is, for error messages: "creating the Flex web chat". */
  purpose: string;
}

/** One HTTP response from Twilio; errors (non-2xx) are thrown as HttpError 502. */
export interface UpstreamResponse<T> {
  status: number;
  body: T;
}

/** Twilio answered with an error status; the visitor sees 502 with Twilio's code and message. */
export class UpstreamHttpError extends HttpError {
  constructor(
    readonly upstreamStatus: number,
    message: string,
    headers: Record<string, string>,
  ) {
    super(502, 'upstream_error', message, headers);
  }
}

/**
 * Twilio could not be reached (DNS, refused or reset connection, TLS): the visitor gets a generic,
 * actionable message; `detail` (the network error, with our own infrastructure's addresses in
 * it) only goes to the log, with the request id.
 */
export class UpstreamUnreachableError extends HttpError {
  constructor(readonly detail: string) {
    super(502, 'upstream_error', 'The chat service could not be reached. Please try again in a moment.');
  }
}

/**
 * A query string as the `twilio` library writes it (qs, RFC 3986): every byte but
 * `A-Z a-z 0-9 - . _ ~` percent-encoded, so a request is byte-identical to the library's.
 */
export function twilioQuery(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`)
    .join('&');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD')).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** One HTTP request as a transport sends it. */
export interface TransportRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** The whole answer, read. */
export interface TransportResponse {
  status: number;
  header(name: string): string | null;
  text: string;
}

/** A transport failed: no answer in time, no connection, or the answer broke off. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'unreachable' | 'broken',
    message: string,
  ) {
    super(message);
  }
}

/** How the server speaks HTTP to Twilio: fetch (every runtime), or a runtime's own (node-transport.ts). */
export type HttpTransport = (request: TransportRequest) => Promise<TransportResponse>;

export function fetchTransport(fetchImpl: FetchLike = (input, init) => fetch(input, init)): HttpTransport {
  return async (request) => {
    let response: Response;
    try {
      response = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(request.timeoutMs),
      });
    } catch (error) {
      throw new TransportError(isTimeout(error) ? 'timeout' : 'unreachable', describe(error));
    }
    try {
      const text = await response.text();
      return { status: response.status, header: (name) => response.headers.get(name), text };
    } catch (error) {
      throw new TransportError(isTimeout(error) ? 'timeout' : 'broken', describe(error));
    }
  };
}

export class UpstreamClient {
  constructor(private readonly transport: HttpTransport = fetchTransport()) {}

  async call<T>(request: UpstreamRequest): Promise<UpstreamResponse<T>> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Accept-Charset': 'utf-8',
      Authorization: `Basic ${btoa(`${request.credentials.username}:${request.credentials.password}`)}`,
      ...request.headers,
    };
    let body: string | undefined;
    if (request.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    }
    let response: TransportResponse;
    try {
      response = await this.transport({
        method: request.method,
        url: request.url,
        headers,
        body,
        timeoutMs: request.timeoutMs,
      });
    } catch (error) {
      throw failure(error, request);
    }
    const json = parseJson(response.text);
    if (response.status < 200 || response.status > 299) {
      const twilio = isRecord(json) ? json : {};
      const code = typeof twilio.code === 'number' || typeof twilio.code === 'string' ? ` ${twilio.code}` : '';
      const message = typeof twilio.message === 'string' ? twilio.message : `HTTP ${response.status}`;
      const retryAfter = response.header('Retry-After');
      throw new UpstreamHttpError(
        response.status,
        `Twilio answered ${response.status} (error${code}: ${message}) while ${request.purpose}.`,
        response.status === 429 && retryAfter ? { 'Retry-After': retryAfter } : {},
      );
    }
    if (json === undefined) {
      throw new HttpError(
        502,
        'upstream_error',
        `Twilio answered with something that is not JSON while ${request.purpose}.`,
      );
    }
    return { status: response.status, body: json as T };
  }
}

function failure(error: unknown, request: UpstreamRequest): HttpError {
  const kind = error instanceof TransportError ? error.kind : 'unreachable';
  switch (kind) {
    case 'timeout':
      return new HttpError(
        504,
        'upstream_timeout',
        `Twilio did not answer within ${request.timeoutMs} ms while ${request.purpose}. Please try again.`,
      );
    case 'broken':
      return new HttpError(502, 'upstream_error', `The connection to Twilio broke while ${request.purpose}.`);
    case 'unreachable':
      return new UpstreamUnreachableError(
        `Could not reach ${new URL(request.url).host} while ${request.purpose}: ${error instanceof Error ? error.message : String(error)}`,
      );
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

function parseJson(text: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

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

export class UpstreamClient {
  constructor(private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init)) {}

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
    let response: Response;
    try {
      response = await this.fetchImpl(request.url, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.timeout(request.timeoutMs),
      });
    } catch (error) {
      if (isTimeout(error)) {
        throw new HttpError(
          504,
          'upstream_timeout',
          `Twilio did not answer within ${request.timeoutMs} ms while ${request.purpose}. Please try again.`,
        );
      }
      throw new UpstreamUnreachableError(
        `Could not reach ${new URL(request.url).host} while ${request.purpose}: ${describe(error)}`,
      );
    }
    const text = await readText(response, request);
    const json = parseJson(text);
    if (!response.ok) {
      const twilio = isRecord(json) ? json : {};
      const code = typeof twilio.code === 'number' || typeof twilio.code === 'string' ? ` ${twilio.code}` : '';
      const message = typeof twilio.message === 'string' ? twilio.message : `HTTP ${response.status}`;
      const retryAfter = response.headers.get('Retry-After');
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

async function readText(response: Response, request: UpstreamRequest): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    if (isTimeout(error)) {
      throw new HttpError(
        504,
        'upstream_timeout',
        `Twilio did not finish answering within ${request.timeoutMs} ms while ${request.purpose}. Please try again.`,
      );
    }
    throw new HttpError(502, 'upstream_error', `The connection to Twilio broke while ${request.purpose}.`);
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

/**
 * The widget's calls to its own server (same origin): /api/webchat/init, /token and /end
 * (/feedback, from the chat view only, is in feedback-api.ts).
 * The requests, the grant and the error body are the contract in contracts/webchat-api.ts.
 */
import { isRecord } from '../../contracts/guards.ts';
import {
  isEndAnswer,
  isGrant,
  WEBCHAT_API,
  type EndAnswer,
  type EndRequest,
  type InitRequest,
  type SessionGrant,
  type TokenRequest,
} from '../../contracts/webchat-api.ts';

/** A call to the web chat API that failed: `code` is the API's error code, or network_error, http_error, invalid_response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, from Retry-After on 429. */
    readonly retryAfter?: number,
    /** When the chat opens again (outside_business_hours), ISO 8601. */
    readonly nextOpenAt?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function post<Answer>(
  path: string,
  body: unknown,
  isAnswer: (value: unknown) => value is Answer,
  fetchImpl: typeof fetch,
): Promise<Answer> {
  let response: Response;
  try {
    response = await fetchImpl(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network_error', '');
  }
  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    payload = undefined;
  }
  if (response.ok && isAnswer(payload)) return payload;
  // The ApiErrorBody of the contract, read leniently.
  const error = isRecord(payload) && isRecord(payload.error) ? payload.error : undefined;
  const retryAfterHeader = Number(response.headers.get('retry-after'));
  throw new ApiError(
    response.status,
    typeof error?.code === 'string' ? error.code : response.ok ? 'invalid_response' : 'http_error',
    typeof error?.message === 'string' ? error.message : '',
    Number.isFinite(retryAfterHeader) && retryAfterHeader > 0 ? retryAfterHeader : undefined,
    error?.nextOpenAt,
  );
}

/** POST /api/webchat/recent, sent now; its answer is checked by recent-api.ts (lazy). */
export function sendRecentRequest(
  token: string,
  conversationSid: string,
  fetchImpl: typeof fetch = fetch,
): Promise<unknown> {
  const request: TokenRequest = { token, conversationSid };
  return post(WEBCHAT_API.recent, request, (_value): _value is unknown => true, fetchImpl);
}

export function initChat(request: InitRequest, fetchImpl: typeof fetch = fetch): Promise<SessionGrant> {
  return post(WEBCHAT_API.init, request, isGrant, fetchImpl);
}

export function refreshToken(
  token: string,
  conversationSid: string,
  fetchImpl: typeof fetch = fetch,
): Promise<SessionGrant> {
  const request: TokenRequest = { token, conversationSid };
  return post(WEBCHAT_API.token, request, isGrant, fetchImpl);
}

/** The visitor ends the chat: the server closes the conversation. */
export function endChat(token: string, conversationSid: string, fetchImpl: typeof fetch = fetch): Promise<EndAnswer> {
  const request: EndRequest = { token, conversationSid };
  return post(WEBCHAT_API.end, request, isEndAnswer, fetchImpl);
}

/** True when the server says this session cannot continue (as opposed to a transient failure). */
export function isSessionRefusal(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

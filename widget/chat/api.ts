/** The widget's calls to its own server (same origin): /api/webchat/init and /api/webchat/token. */

export interface SessionGrant {
  token: string;
  identity: string;
  conversationSid: string;
  expiresAt: string;
}

export interface InitRequest {
  friendlyName: string;
  question?: string;
  preEngagementData?: Record<string, string | number | boolean>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, from Retry-After on 429. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isGrant(value: unknown): value is SessionGrant {
  if (typeof value !== 'object' || value === null) return false;
  const g = value as Record<string, unknown>;
  return typeof g.token === 'string' && typeof g.identity === 'string' && typeof g.conversationSid === 'string' && typeof g.expiresAt === 'string';
}

async function post(path: string, body: unknown, fetchImpl: typeof fetch): Promise<SessionGrant> {
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
  if (response.ok && isGrant(payload)) return payload;
  const error = (payload as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const retryAfterHeader = Number(response.headers.get('retry-after'));
  throw new ApiError(
    response.status,
    typeof error?.code === 'string' ? error.code : response.ok ? 'invalid_response' : 'http_error',
    typeof error?.message === 'string' ? error.message : '',
    Number.isFinite(retryAfterHeader) && retryAfterHeader > 0 ? retryAfterHeader : undefined,
  );
}

export function initChat(request: InitRequest, fetchImpl: typeof fetch = fetch): Promise<SessionGrant> {
  return post('/api/webchat/init', request, fetchImpl);
}

export function refreshToken(token: string, conversationSid: string, fetchImpl: typeof fetch = fetch): Promise<SessionGrant> {
  return post('/api/webchat/token', { token, conversationSid }, fetchImpl);
}

/** True when the server says this session cannot continue (as opposed to a transient failure). */
export function isSessionRefusal(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

/**
 * The web chat HTTP API between the widget and its own server (same origin), every route
 * POST with a JSON body:
 *   /api/webchat/init  InitRequest  → 201 SessionGrant
 *   /api/webchat/token TokenRequest → 200 SessionGrant
 *   /api/webchat/end   EndRequest   → 200 EndAnswer (the visitor ends the chat)
 * Every failure answers `ApiErrorBody` with an HTTP status (429 adds Retry-After in seconds).
 * The server validates requests in server/api/validation.ts; the widget calls in widget/chat/api.ts.
 */
import { isRecord } from './guards.ts';

export const WEBCHAT_API = {
  init: '/api/webchat/init',
  token: '/api/webchat/token',
  end: '/api/webchat/end',
} as const;

export type PreEngagementValue = string | number | boolean;

export interface InitRequest {
  /** The visitor's name: 1 to 100 characters after trimming. */
  friendlyName: string;
  /** The visitor's first message; blank or absent = none. */
  question?: string;
  /** The other form fields: at most 20 keys. */
  preEngagementData?: Record<string, PreEngagementValue>;
  /** The Turnstile token of the form's bot check, when the server has one configured. */
  turnstileToken?: string;
}

export interface TokenRequest {
  /** The access token the widget holds (may have expired, within the server's resume window). */
  token: string;
  /** "CH" followed by 32 hex characters. */
  conversationSid: string;
}

/** The visitor ends the chat: the same token and conversation as a refresh. */
export type EndRequest = TokenRequest;

/** What /api/webchat/end answers (also when the conversation was closed already). */
export interface EndAnswer {
  status: 'closed';
}

export function isEndAnswer(value: unknown): value is EndAnswer {
  return isRecord(value) && value.status === 'closed';
}

/** What init and token answer: a Conversations access token for the visitor's conversation. */
export interface SessionGrant {
  token: string;
  identity: string;
  conversationSid: string;
  /** ISO 8601. */
  expiresAt: string;
}

export function isGrant(value: unknown): value is SessionGrant {
  return (
    isRecord(value) &&
    typeof value.token === 'string' &&
    typeof value.identity === 'string' &&
    typeof value.conversationSid === 'string' &&
    typeof value.expiresAt === 'string'
  );
}

/** The error codes of the API. */
export type ApiErrorCode =
  | 'invalid_request'
  | 'invalid_token'
  | 'session_expired'
  | 'origin_not_allowed'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'upstream_error'
  | 'upstream_timeout'
  | 'internal_error'
  | 'server_misconfigured'
  | 'outside_business_hours'
  | 'bot_check_failed';

/** The body of every failure. */
export interface ApiErrorBody {
  /** `nextOpenAt` (ISO 8601) comes with outside_business_hours. */
  error: { code: ApiErrorCode; message: string; nextOpenAt?: string };
}

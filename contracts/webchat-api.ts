/**
 * The web chat HTTP API between the widget and its own server (same origin), every route
 * POST with a JSON body:
 *   /api/webchat/init  InitRequest  → 201 SessionGrant
 *   /api/webchat/token TokenRequest → 200 SessionGrant
 *   /api/webchat/end   EndRequest   → 200 EndAnswer (the visitor ends the chat)
 *   /api/webchat/feedback FeedbackRequest → 200 FeedbackAnswer (the post-chat survey)
 *   /api/webchat/history  HistoryRequest → 200 HistoryAnswer (a verified customer's previous conversations)
 *   /api/webchat/history/conversation PastConversationRequest → 200 PastConversationAnswer (one, read-only)
 *   (those two requests and answers are in previous-conversations.ts: only a lazy chunk of the widget needs them)
 * Every failure answers `ApiErrorBody` with an HTTP status (429 adds Retry-After in seconds).
 * The server validates requests in server/api/validation.ts; the widget calls in widget/chat/api.ts.
 */
import { isRecord } from './guards.ts';

export const WEBCHAT_API = {
  init: '/api/webchat/init',
  token: '/api/webchat/token',
  end: '/api/webchat/end',
  feedback: '/api/webchat/feedback',
  /** A returning visitor's latest messages while the SDK connects (contracts/recent-messages.ts). */
  recent: '/api/webchat/recent',
  history: '/api/webchat/history',
  pastConversation: '/api/webchat/history/conversation',
} as const;

export type PreEngagementValue = string | number | boolean;

export interface InitRequest {
  /** The visitor's name: 1 to 100 characters after trimming. */
  friendlyName: string;
  /** The visitor's first message; blank or absent = none. */
  question?: string;
  /** The other form fields: at most 20 keys; none may start with `verified_` (the server's own). */
  preEngagementData?: Record<string, PreEngagementValue>;
  /** The Turnstile token of the form's bot check, when the server has one configured. */
  turnstileToken?: string;
  /**
   * The site's signed statement of who the visitor is (FlexWebchat.setUser's `identityToken`): an HS256
   * JWT signed with IDENTITY_SECRET by the site's back end (docs/embedding.md).
   */
  identityToken?: string;
  /**
   * The page's context for routing (FlexWebchat.setContext, plus `pageUrl` and `pageTitle` unless
   * data-share-page="false"): at most 20 keys, values at most 1024 characters. Lands in
   * `pre_engagement_data.context`.
   */
  context?: Record<string, PreEngagementValue>;
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

/** The post-chat survey's limits: a whole-number rating and an optional comment. */
export const FEEDBACK_LIMITS = { ratingMin: 1, ratingMax: 5, commentMax: 2000 } as const;

/** The visitor's post-chat feedback: the same token and conversation as a refresh (a closed conversation too). */
export interface FeedbackRequest extends TokenRequest {
  /** A whole number from 1 to 5. */
  rating: number;
  /** At most 2,000 characters; blank or absent = none. */
  comment?: string;
}

/** What /api/webchat/feedback answers once the site owner's webhook took the feedback. */
export interface FeedbackAnswer {
  status: 'received';
}

export function isFeedbackAnswer(value: unknown): value is FeedbackAnswer {
  return isRecord(value) && value.status === 'received';
}

/**
 * What the server posts to FEEDBACK_WEBHOOK_URL (JSON), signed: the header FEEDBACK_SIGNATURE_HEADER
 * is the hex HMAC-SHA256 of the raw body with FEEDBACK_WEBHOOK_SECRET. A receiver can dedupe on
 * `conversationSid` (a retry may deliver the same feedback twice).
 */
export interface FeedbackWebhookBody {
  conversationSid: string;
  /** The visitor's chat identity (Flex's, from the token). */
  identity: string;
  rating: number;
  /** null when the visitor wrote none. */
  comment: string | null;
  /** ISO 8601, when the server received it. */
  submittedAt: string;
}

export const FEEDBACK_SIGNATURE_HEADER = 'X-Webchat-Signature';

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
  /** The identity token (InitRequest.identityToken) is malformed, forged, expired or not HS256. */
  | 'invalid_identity_token'
  /** REQUIRE_VERIFIED_IDENTITY is on and the init carried no identity token. */
  | 'identity_required'
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

/**
 * Why a phase failed, as codes: the controller sets them, the UI words them
 * (widget/ui/failure-text.ts) in the visitor's language.
 */
import { ApiError } from './api.ts';

/** Why the chat could not be started (shown on the form, with Retry). */
export type InitFailure =
  | { code: 'rate_limited'; retryAfter?: number }
  | { code: 'unreachable' }
  /** The server refused or failed; `detail` is its message (may be empty). */
  | { code: 'refused'; detail: string }
  /** Outside business hours (409): the offline view shows when we are back. */
  | { code: 'offline'; nextOpenAt: unknown }
  /** The Turnstile check is not done yet, or the server found it failed (403 bot_check_failed). */
  | { code: 'botCheck' }
  /** The site verifies its customers: the visitor is not signed in, or the sign-in could not be confirmed. */
  | { code: 'signInRequired' | 'signInNotConfirmed' };

/** Why a stored session could not be resumed or connected (shown with Retry). */
export interface ConnectFailure {
  code: 'unreachable';
}

export function initFailure(error: unknown): InitFailure {
  if (!(error instanceof ApiError)) return { code: 'refused', detail: '' };
  if (error.status === 429)
    return error.retryAfter ? { code: 'rate_limited', retryAfter: error.retryAfter } : { code: 'rate_limited' };
  if (error.status === 0) return { code: 'unreachable' };
  if (error.code === 'outside_business_hours') return { code: 'offline', nextOpenAt: error.nextOpenAt };
  if (error.code === 'bot_check_failed') return { code: 'botCheck' };
  if (error.code === 'identity_required') return { code: 'signInRequired' };
  if (error.code === 'invalid_identity_token') return { code: 'signInNotConfirmed' };
  return { code: 'refused', detail: error.message };
}

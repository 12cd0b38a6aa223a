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
  | { code: 'refused'; detail: string };

/** Why a stored session could not be resumed or connected (shown with Retry). */
export interface ConnectFailure {
  code: 'unreachable';
}

export function initFailure(error: unknown): InitFailure {
  if (!(error instanceof ApiError)) return { code: 'refused', detail: '' };
  if (error.status === 429)
    return error.retryAfter ? { code: 'rate_limited', retryAfter: error.retryAfter } : { code: 'rate_limited' };
  if (error.status === 0) return { code: 'unreachable' };
  return { code: 'refused', detail: error.message };
}

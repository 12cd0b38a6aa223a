/**
 * The latest messages of the visitor's open conversation, read over REST (POST /api/webchat/recent,
 * WEBCHAT_API.recent) so that a returning visitor sees them while the Conversations SDK is still
 * connecting (its start-up is ~20 round trips to Twilio). The request is a TokenRequest; the
 * messages are shaped as the read-only previous conversations' are. A module of its own so that the
 * widget's first paint does not carry it.
 */
import { isRecord } from './guards.ts';
import { isPastMessage, type PastMessage } from './previous-conversations.ts';

/** How many of the latest messages the answer holds (the live view's first page is 30 too). */
export const RECENT_LIMIT = 30;

export interface RecentAnswer {
  conversationSid: string;
  /** The latest RECENT_LIMIT messages at most, oldest first. */
  messages: PastMessage[];
}

export function isRecentAnswer(value: unknown): value is RecentAnswer {
  return (
    isRecord(value) &&
    typeof value.conversationSid === 'string' &&
    Array.isArray(value.messages) &&
    value.messages.every(isPastMessage)
  );
}

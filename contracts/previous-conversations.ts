/**
 * A verified customer's previous conversations, between the widget's lazy view and its server
 * (WEBCHAT_API.history and .pastConversation in webchat-api.ts): the requests, the answers and their
 * guards. A module of its own so that the widget's first paint, which imports webchat-api.ts, does
 * not carry them.
 */
import { isRecord } from './guards.ts';

/** A verified customer asks for their previous conversations: the identity token is the only proof. */
export interface HistoryRequest {
  /** The same HS256 JWT as InitRequest.identityToken (FlexWebchat.setUser's `identityToken`). */
  identityToken: string;
}

/** At most this many previous conversations are listed, the newest first. */
export const HISTORY_LIMIT = 20;

/** One earlier, closed conversation of the customer, as the list shows it. */
export interface PastConversationSummary {
  conversationSid: string;
  /** ISO 8601: when the conversation was created. */
  startedAt: string;
  /** ISO 8601: the conversation's last update (its closing). */
  endedAt: string;
  /** The customer's first words (the form's question, else their first message); null when none. */
  firstLine: string | null;
}

/** The customer's closed conversations, newest first, at most HISTORY_LIMIT. */
export interface HistoryAnswer {
  conversations: PastConversationSummary[];
}

/** One previous conversation, to read: the identity token and the conversation's SID. */
export interface PastConversationRequest extends HistoryRequest {
  /** "CH" followed by 32 hex characters: one of HistoryAnswer's. */
  conversationSid: string;
}

/** A file sent in a previous conversation: named, not downloadable. */
export interface PastFile {
  filename: string | null;
  contentType: string;
}

/** A message of a previous conversation. */
export interface PastMessage {
  sid: string;
  /** The customer's own message (the widget says "You"). */
  own: boolean;
  /** Who wrote it, as the live chat names them (the author's friendly name); "" for the customer's own. */
  authorName: string;
  /** The text ("" for a file or rich content without one). */
  body: string;
  /** ISO 8601. */
  sentAt: string;
  files: PastFile[];
}

export interface PastConversationAnswer {
  conversationSid: string;
  startedAt: string;
  endedAt: string;
  /** Oldest first. */
  messages: PastMessage[];
}

function isPastSummary(value: unknown): value is PastConversationSummary {
  return (
    isRecord(value) &&
    typeof value.conversationSid === 'string' &&
    typeof value.startedAt === 'string' &&
    typeof value.endedAt === 'string' &&
    (value.firstLine === null || typeof value.firstLine === 'string')
  );
}

export function isHistoryAnswer(value: unknown): value is HistoryAnswer {
  return isRecord(value) && Array.isArray(value.conversations) && value.conversations.every(isPastSummary);
}

export function isPastMessage(value: unknown): value is PastMessage {
  return (
    isRecord(value) &&
    typeof value.sid === 'string' &&
    typeof value.own === 'boolean' &&
    typeof value.authorName === 'string' &&
    typeof value.body === 'string' &&
    typeof value.sentAt === 'string' &&
    Array.isArray(value.files) &&
    value.files.every(
      (f) =>
        isRecord(f) && (f.filename === null || typeof f.filename === 'string') && typeof f.contentType === 'string',
    )
  );
}

export function isPastConversationAnswer(value: unknown): value is PastConversationAnswer {
  return (
    isRecord(value) &&
    typeof value.conversationSid === 'string' &&
    typeof value.startedAt === 'string' &&
    typeof value.endedAt === 'string' &&
    Array.isArray(value.messages) &&
    value.messages.every(isPastMessage)
  );
}

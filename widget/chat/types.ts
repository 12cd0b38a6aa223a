/**
 * The interface between the UI and the chat back end. The UI (widget/ui) and the
 * chat layer (widget/chat/controller.ts, live-conversation.ts) only know this; widget/chat/sdk-session.ts
 * implements it on @twilio/conversations (its own lazily loaded chunk).
 */
import type { ConversationState } from '../../contracts/conversation.ts';
import type { SessionGrant } from '../../contracts/webchat-api.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'denied';

/** Why a chat ended: the conversation was closed (or made inactive), or the server refused to renew the session. */
export type EndReason = 'closed' | 'sessionExpired';

export interface ChatMedia {
  sid: string;
  filename: string;
  contentType: string;
  size: number;
}

/**
 * The visitor's answer to a quick reply, list picker or card reply action: sent as the message's
 * `attributes.contentReply` (with the reply's title as body), as a Studio flow reads it.
 */
export interface ContentReply {
  /** The sid (IM…) of the message whose reply was chosen. */
  inReplyTo: string;
  /** The chosen reply's id. */
  id: string;
}

export interface ChatMessage {
  sid: string;
  index: number;
  /** The author's identity (or a name such as "Concierge" for messages posted by the server). */
  author: string;
  body: string;
  /** Milliseconds since the epoch. */
  time: number;
  media: ChatMedia[];
  /** The idempotency key the widget attached when it sent the message (attributes.clientKey). */
  clientKey?: string;
  /** The Content template (HX…) the message carries: rich content, fetched with `contentData`. */
  contentSid?: string;
  /** The message answers a quick reply (attributes.contentReply). */
  contentReply?: ContentReply;
}

export interface MessagePage {
  messages: ChatMessage[];
  hasOlder: boolean;
}

export interface OutgoingMessage {
  clientKey: string;
  body: string;
  file?: File;
  contentReply?: ContentReply;
}

export interface SessionEvents {
  message: ChatMessage;
  connection: ConnectionStatus;
  /** Someone else's typing state. */
  typing: { identity: string; name: string; typing: boolean };
  /** Another participant's read horizon moved (see `othersReadIndex`). */
  read: number | null;
  state: ConversationState;
  /** The other participants (the agents) changed: their identities in the order they joined. */
  agents: string[];
  /** A participant's display name became known or changed. */
  name: { identity: string; name: string };
  /** The server refused to refresh the token: the session is over. */
  expired: undefined;
}

export interface SessionLimits {
  /** Per-file limit the SDK received at connect time, in bytes (null: unknown). */
  maxFileBytes: number | null;
}

export interface ChatSession {
  readonly identity: string;
  readonly conversationSid: string;
  connection(): ConnectionStatus;
  state(): ConversationState;
  limits(): SessionLimits;
  /** The visitor's own read horizon as the back end knows it. */
  ownReadIndex(): number | null;
  /** The highest message index any other participant has read. */
  othersReadIndex(): number | null;
  /** The identities of the other participants (the agents), in the order they joined. */
  agents(): string[];
  /** When an agent who is present joined (ms since the epoch, the back end's clock), if known. */
  joinedAt(identity: string): number | null;
  /** The display name for an identity: the participant's user friendlyName, else the identity itself. */
  displayName(identity: string): string;
  latest(pageSize: number): Promise<MessagePage>;
  older(beforeIndex: number, pageSize: number): Promise<MessagePage>;
  /** Sends one message; resolves once the back end accepted it. */
  send(message: OutgoingMessage): Promise<void>;
  typing(): void;
  markRead(index: number): Promise<void>;
  /**
   * The rich content of a message with a `contentSid`, as the SDK's `Message.getContentData()`
   * gives it (unchecked: widget/chat/rich-content.ts reads it); null when there is none.
   */
  contentData(message: ChatMessage): Promise<unknown>;
  /** A fresh, short-lived download URL for a media item. */
  mediaUrl(message: ChatMessage, media: ChatMedia): Promise<string>;
  on<K extends keyof SessionEvents>(event: K, handler: (payload: SessionEvents[K]) => void): () => void;
  close(): Promise<void>;
}

export interface SessionCredentials {
  identity: string;
  conversationSid: string;
  token: string;
}

export interface OpenSessionOptions extends SessionCredentials {
  twilsockUrl?: string;
  /** The SDK's `region` (ie1, au1): its Twilsock, and the back ends tunnelled through it, in that region. */
  region?: string;
  /**
   * Asks the server for a new token, retrying through transient failures; rejects with an
   * ApiError when the server refuses the session (or once the connection is torn down).
   */
  refreshToken(): Promise<string>;
}

export type OpenSession = (options: OpenSessionOptions) => Promise<ChatSession>;

/** What the post-chat survey needs of the session. */
export interface SurveySession {
  /** The session's grant (the server accepts it for feedback after the close). */
  grant(): SessionGrant | null;
  /** Whether this conversation's survey was already sent (a reload does not ask again). */
  answered(): boolean;
  markAnswered(): void;
}

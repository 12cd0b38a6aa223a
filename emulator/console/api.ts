/** A typed client for the emulator's control API (see docs/emulator.md), used by the agent console. */
import type { ConversationState } from '../../contracts/conversation.ts';

export interface ParticipantSummary {
  identity: string;
  friendlyName: string | null;
  role: 'customer' | 'agent';
  lastReadMessageIndex: number | null;
}

export interface ConversationSummary {
  sid: string;
  state: ConversationState;
  friendlyName: string | null;
  attributes: unknown;
  participants: ParticipantSummary[];
  messageCount: number;
  lastMessageIndex: number | null;
  dateUpdated: string;
}

export interface MediaSummary {
  sid: string;
  filename: string | null;
  contentType: string;
  size: number;
  url: string;
}

export interface MessageSummary {
  index: number;
  author: string;
  body: string | null;
  media: MediaSummary[];
  dateCreated: string;
}

export interface ConversationDetail extends ConversationSummary {
  messages: MessageSummary[];
}

export type ConsoleEvent = { type: 'conversation'; sid: string } | { type: 'typing'; sid: string; identity: string };

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const message = (json as { error?: { message?: string } } | undefined)?.error?.message;
    throw new Error(message ?? `${method} ${path} answered ${response.status}`);
  }
  return json as T;
}

const base = (sid: string) => `/emulator/conversations/${encodeURIComponent(sid)}`;

export const controlApi = {
  list: () => request<ConversationSummary[]>('GET', '/emulator/conversations'),
  get: (sid: string) => request<ConversationDetail>('GET', base(sid)),
  join: (sid: string, friendlyName: string) => request<{ identity: string; friendlyName: string }>('POST', `${base(sid)}/agent`, { friendlyName }),
  send: (sid: string, author: string, body: string) => request<unknown>('POST', `${base(sid)}/messages`, { author, body }),
  sendFile: (sid: string, author: string, media: { filename: string; contentType: string; base64: string }) =>
    request<unknown>('POST', `${base(sid)}/messages`, { author, media }),
  typing: (sid: string, identity: string) => request<unknown>('POST', `${base(sid)}/typing`, { identity }),
  read: (sid: string, identity: string) => request<unknown>('POST', `${base(sid)}/read`, { identity }),
  setState: (sid: string, state: ConversationState) => request<unknown>('POST', `${base(sid)}/state`, { state }),
};

/** Live changes; the browser's EventSource reconnects by itself. Returns the unsubscribe function. */
export function subscribe(onEvent: (event: ConsoleEvent) => void, onConnection: (open: boolean) => void): () => void {
  const source = new EventSource('/emulator/events');
  source.onopen = () => onConnection(true);
  source.onerror = () => onConnection(false);
  source.onmessage = (message: MessageEvent<string>) => {
    try {
      onEvent(JSON.parse(message.data) as ConsoleEvent);
    } catch {
      // ignore what we do not understand
    }
  };
  return () => source.close();
}

export function agentOf(conversation: ConversationSummary): ParticipantSummary | undefined {
  return conversation.participants.find((p) => p.role === 'agent');
}

export function customerOf(conversation: ConversationSummary): ParticipantSummary | undefined {
  return conversation.participants.find((p) => p.role === 'customer');
}

/** Messages the agent has not read yet (all of them while no agent has joined). */
export function unreadCount(conversation: ConversationSummary): number {
  if (conversation.lastMessageIndex === null) return 0;
  const lastRead = agentOf(conversation)?.lastReadMessageIndex ?? -1;
  return Math.max(0, conversation.lastMessageIndex - lastRead);
}

export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsDataURL(file);
  });
}

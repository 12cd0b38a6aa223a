/**
 * The one client of the emulator's control API (docs/emulator.md), for the agent console, the
 * tests, the benchmarks and the scripts: inspect what Flex holds, act as the agent, inject faults.
 * DOM-free and Node-free (fetch, btoa), so it runs in a browser and in Node. The types are the
 * API's contract: emulator/control/views.ts builds its answers as these types.
 */

import type { ConversationState } from '../contracts/conversation.ts';

export type { ConversationState };

export interface ControlParticipant {
  identity: string;
  friendlyName: string | null;
  role: 'customer' | 'agent';
  lastReadMessageIndex: number | null;
}

export interface ControlMedia {
  sid: string;
  filename: string | null;
  contentType: string;
  size: number;
  /** Absolute URL of the file under /emulator/media/ (CORS open). */
  url: string;
}

export interface ControlMessage {
  index: number;
  sid: string;
  author: string;
  /** The author's user friendly name (also of an agent who has left), null when the author is no user (e.g. "Concierge"). */
  authorFriendlyName: string | null;
  body: string | null;
  attributes: Record<string, unknown>;
  /** The Content template (`HX…`) the message carries, or null. */
  contentSid: string | null;
  media: ControlMedia[];
  dateCreated: string;
}

/** A conversation's last message, as its list entry shows it. */
export interface LastMessage {
  index: number;
  author: string;
  /** Null for a file sent alone. */
  body: string | null;
  /** How many files it carries. */
  mediaCount: number;
  dateCreated: string;
}

export interface ConversationSummary {
  sid: string;
  state: ConversationState;
  friendlyName: string | null;
  attributes: { pre_engagement_data?: Record<string, unknown>; [key: string]: unknown };
  participants: ControlParticipant[];
  messageCount: number;
  lastMessageIndex: number | null;
  /** The last message (null while there is none). */
  lastMessage: LastMessage | null;
  waitingForAgent: boolean;
  /** Closed by whom: the agent (console, `state` control call) or the visitor (`POST /api/webchat/end`); null while open. */
  endedBy: 'agent' | 'visitor' | null;
  /** The visitor's post-chat feedback as the emulator's receiver got it (the latest), or null. */
  feedback: { rating: number; comment: string | null; submittedAt: string } | null;
  dateCreated: string;
  dateUpdated: string;
}

export interface ConversationDetail extends ConversationSummary {
  messages: ControlMessage[];
}

/**
 * What `GET /emulator/events` streams. A conversation event carries the conversation as it is
 * after the change (with its messages), so a follower needs no request to catch up.
 */
export type ControlEvent =
  | { type: 'conversation'; sid: string; conversation: ConversationDetail }
  /** The conversation was deleted (REST `DELETE /Conversations/{CH}`, or a reset): it is gone. */
  | { type: 'conversationRemoved'; sid: string }
  | { type: 'typing'; sid: string; identity: string }
  /** The routing settings changed (`POST /emulator/settings`). */
  | { type: 'settings'; settings: EmulatorSettings };

/** Flex's routing as the emulator plays it, changeable at runtime (`GET`/`POST /emulator/settings`). */
export interface EmulatorSettings {
  /** An agent accepts every queued conversation by itself (`--no-auto-agent` starts with false). */
  autoAgent: boolean;
  /** How long the auto-agent takes to accept, in milliseconds. */
  autoAgentDelayMs: number;
}

/** What the emulator's feedback receiver got (`GET /emulator/feedback`), as the chat server posted it. */
export interface ReceivedFeedback {
  conversationSid: string;
  identity: string;
  rating: number;
  comment: string | null;
  submittedAt: string;
}

export interface FaultRules {
  dropConnections?: boolean;
  failNext?: { match: string; status: number; count?: number };
  latencyMs?: number;
}

export interface FaultsSnapshot {
  latencyMs: number;
  failNext: { match: string; status: number; count: number }[];
}

/** Flex's transfer modes: cold, the agent who transfers leaves once the other joined; warm, both stay. */
export type TransferMode = 'cold' | 'warm';

/** An agent as Flex shows them: their identity and their user's friendly name (Flex: the worker's public_identity). */
export interface AgentProfile {
  identity: string;
  friendlyName: string;
}

/** What `POST /emulator/conversations/{sid}/transfer` takes. */
export interface TransferRequest {
  /** The agent who transfers; may be left out when exactly one agent is in the conversation. */
  from?: string;
  /** The agent who takes over: an identity, a friendly name or both (the identity defaults to `agent.<name>`). */
  to: { identity?: string; friendlyName?: string };
  mode: TransferMode;
}

/** What a transfer answers: who handed over to whom, and the conversation as it now is. */
export interface TransferResult {
  mode: TransferMode;
  from: AgentProfile;
  to: AgentProfile;
  conversation: ConversationSummary;
}

export interface FileToSend {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/** A refusal of the control API: its `{ error: { code, message } }`, with the HTTP status. */
export class ControlApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ControlApiError';
  }
}

export class EmulatorControl {
  /** `url` is the emulator's base URL (http://127.0.0.1:8790); '' means the page's own origin. */
  constructor(readonly url = '') {}

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/emulator${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ControlApiError(
        response.status,
        error?.code ?? 'unknown',
        `${method} /emulator${path} → ${response.status}: ${error?.message ?? text}`,
      );
    }
    return json as T;
  }

  /**
   * Every conversation, oldest first; with `search`, those whose visitor name, pre-engagement
   * data (the question), message text or SID contains it (case and accents ignored).
   */
  conversations(options: { search?: string } = {}): Promise<ConversationSummary[]> {
    const query = options.search ? `?search=${encodeURIComponent(options.search)}` : '';
    return this.call('GET', `/conversations${query}`);
  }
  conversation(sid: string): Promise<ConversationDetail> {
    return this.call('GET', `/conversations/${encodeURIComponent(sid)}`);
  }
  /** The only conversation there is (fails when there are none or several). */
  async onlyConversation(): Promise<ConversationDetail> {
    const all = await this.conversations();
    if (all.length !== 1) throw new Error(`expected one conversation, found ${all.length}`);
    return this.conversation(all[0]!.sid);
  }
  /**
   * An agent accepts the conversation. Without `identity`, it is the one of `friendlyName` (as a
   * Flex worker's identity goes with its public name: "Sam" → `agent.sam`); neither → Alex.
   */
  agentJoins(sid: string, agent: { identity?: string; friendlyName?: string } = {}): Promise<AgentProfile> {
    return this.call('POST', `/conversations/${encodeURIComponent(sid)}/agent`, agent);
  }
  /** Flex's transfer to another agent, cold or warm (docs/emulator.md, "Transfers and several agents"). */
  transfer(sid: string, request: TransferRequest): Promise<TransferResult> {
    return this.call('POST', `/conversations/${encodeURIComponent(sid)}/transfer`, request);
  }
  /** An agent leaves the conversation (their task completes); it stays open. */
  agentLeaves(sid: string, identity: string): Promise<ConversationSummary> {
    return this.call('POST', `/conversations/${encodeURIComponent(sid)}/leave`, { identity });
  }
  /** `body` undefined sends a file alone (the message has no body). */
  agentSays(sid: string, body: string | undefined, media?: FileToSend, author = 'agent.alex'): Promise<ControlMessage> {
    const payload: Record<string, unknown> = { author };
    if (body !== undefined) payload.body = body;
    if (media)
      payload.media = { filename: media.filename, contentType: media.contentType, base64: toBase64(media.bytes) };
    return this.call('POST', `/conversations/${encodeURIComponent(sid)}/messages`, payload);
  }
  /** Posts a Content template (a Content API `types` object), as Studio's Send & Wait would. */
  agentSendsContent(sid: string, content: Record<string, unknown>, author = 'agent.alex'): Promise<ControlMessage> {
    return this.call('POST', `/conversations/${encodeURIComponent(sid)}/messages`, { author, content });
  }
  agentTypes(sid: string, identity = 'agent.alex'): Promise<{ ok: true }> {
    return this.call('POST', `/conversations/${encodeURIComponent(sid)}/typing`, { identity });
  }
  agentReads(
    sid: string,
    identity = 'agent.alex',
  ): Promise<{ identity: string; lastReadMessageIndex: number; unreadCount: number }> {
    return this.call('POST', `/conversations/${encodeURIComponent(sid)}/read`, { identity });
  }
  setState(sid: string, state: ConversationState): Promise<ConversationSummary> {
    return this.call('POST', `/conversations/${encodeURIComponent(sid)}/state`, { state });
  }
  settings(): Promise<EmulatorSettings> {
    return this.call('GET', '/settings');
  }
  /** Turns auto-agent on or off (and sets its delay) at runtime; answers the settings as they now are. */
  changeSettings(update: Partial<EmulatorSettings>): Promise<EmulatorSettings> {
    return this.call('POST', '/settings', update);
  }
  faults(rules: FaultRules): Promise<FaultsSnapshot & { droppedConnections: number }> {
    return this.call('POST', '/faults', rules);
  }
  clearFaults(): Promise<FaultsSnapshot> {
    return this.call('DELETE', '/faults');
  }
  tokensAboutToExpire(): Promise<{ notifiedConnections: number }> {
    return this.call('POST', '/tokens/about-to-expire');
  }
  tokensExpire(): Promise<{ expiredConnections: number }> {
    return this.call('POST', '/tokens/expire');
  }
  /** Every post-chat feedback the emulator's receiver accepted, oldest first. */
  feedback(): Promise<ReceivedFeedback[]> {
    return this.call('GET', '/feedback');
  }
  reset(): Promise<{ ok: true }> {
    return this.call('POST', '/reset');
  }
  /** The bytes of a message's media (its `url`). */
  async mediaBytes(url: string): Promise<Uint8Array> {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
}

/** The first agent in the conversation (see `agentsOf` when there may be several). */
export function agentOf(conversation: ConversationSummary): ControlParticipant | undefined {
  return conversation.participants.find((p) => p.role === 'agent');
}

/** Every agent in the conversation, in the order they joined (the last is the current one). */
export function agentsOf(conversation: ConversationSummary): ControlParticipant[] {
  return conversation.participants.filter((p) => p.role === 'agent');
}

export function customerOf(conversation: ConversationSummary): ControlParticipant | undefined {
  return conversation.participants.find((p) => p.role === 'customer');
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

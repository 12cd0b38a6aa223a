/**
 * A client of the emulator's control API (docs/emulator.md) for tests, benchmarks and scripts:
 * act as the agent, inspect what Flex holds, inject faults.
 */
import type { ConversationState } from '../../contracts/conversation.ts';

export interface EmulatorMedia {
  sid: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
}

export interface EmulatorMessage {
  index: number;
  sid: string;
  author: string;
  body: string | null;
  attributes: Record<string, unknown> | string | null;
  media: EmulatorMedia[];
}

export interface EmulatorParticipant {
  identity: string;
  friendlyName: string | null;
  role: string;
  lastReadMessageIndex: number | null;
}

export interface EmulatorConversation {
  sid: string;
  state: ConversationState;
  attributes: { pre_engagement_data?: Record<string, unknown>; [key: string]: unknown };
  participants: EmulatorParticipant[];
  lastMessageIndex: number | null;
  messageCount: number;
  waitingForAgent: boolean;
  messages: EmulatorMessage[];
}

export type ConversationSummary = Omit<EmulatorConversation, 'messages'>;

/** The emulator's control API (docs/emulator.md), as the agent and the test see Flex. */
export class EmulatorControl {
  constructor(readonly url: string) {}

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/emulator${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /emulator${path} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  conversations(): Promise<ConversationSummary[]> {
    return this.call('GET', '/conversations');
  }
  conversation(sid: string): Promise<EmulatorConversation> {
    return this.call('GET', `/conversations/${sid}`);
  }
  /** The only conversation there is (fails when there are none or several). */
  async onlyConversation(): Promise<EmulatorConversation> {
    const all = await this.conversations();
    if (all.length !== 1) throw new Error(`expected one conversation, found ${all.length}`);
    return this.conversation(all[0]!.sid);
  }
  agentJoins(sid: string, agent: { identity?: string; friendlyName?: string } = {}): Promise<unknown> {
    return this.call('POST', `/conversations/${sid}/agent`, agent);
  }
  agentSays(sid: string, body: string, media?: { filename: string; contentType: string; bytes: Buffer }, author = 'agent.alex'): Promise<unknown> {
    const payload: Record<string, unknown> = { author, body };
    if (media) payload.media = { filename: media.filename, contentType: media.contentType, base64: media.bytes.toString('base64') };
    return this.call('POST', `/conversations/${sid}/messages`, payload);
  }
  agentTypes(sid: string, identity = 'agent.alex'): Promise<unknown> {
    return this.call('POST', `/conversations/${sid}/typing`, { identity });
  }
  agentReads(sid: string, identity = 'agent.alex'): Promise<unknown> {
    return this.call('POST', `/conversations/${sid}/read`, { identity });
  }
  setState(sid: string, state: ConversationState): Promise<unknown> {
    return this.call('POST', `/conversations/${sid}/state`, { state });
  }
  faults(rules: Record<string, unknown>): Promise<unknown> {
    return this.call('POST', '/faults', rules);
  }
  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/faults');
  }
  tokensAboutToExpire(): Promise<unknown> {
    return this.call('POST', '/tokens/about-to-expire');
  }
  tokensExpire(): Promise<unknown> {
    return this.call('POST', '/tokens/expire');
  }
  async mediaBytes(url: string): Promise<Buffer> {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }
}

/**
 * What Flex does with a web chat once Studio's "Send to Flex" runs: the conversation joins the
 * agents' queue; with auto-agent on, an agent accepts it after a delay, joins with a public name
 * and greets the visitor. A webhook-enabled message from a customer stands for that Studio run;
 * webhook-disabled messages (the server's welcome) trigger nothing.
 */
import type { EmulatorState } from './state.ts';
import { asFlex } from './webhooks/event-origin.ts';

export interface AgentProfile {
  identity: string;
  friendlyName: string;
}

export const DEFAULT_AGENT: AgentProfile = Object.freeze({ identity: 'agent.alex', friendlyName: 'Alex' });

/**
 * How Flex hands a conversation to another agent (Flex UI's TransferTask `mode`): cold, the
 * agent who transfers leaves once the other has joined; warm, both stay until one leaves.
 */
export type TransferMode = 'cold' | 'warm';
export const TRANSFER_MODES: readonly TransferMode[] = ['cold', 'warm'];

/**
 * The identity of an agent known by its public name, as a Flex worker's identity goes with its
 * `public_identity`: "Sam" → `agent.sam`, "Dana Cohen" → `agent.dana-cohen` (letters and digits of
 * any script kept, lower-cased; nothing usable left → `agent.agent`).
 */
export function agentIdentityFor(friendlyName: string): string {
  const slug = friendlyName
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
  return `agent.${slug || 'agent'}`;
}

export interface FlexRoutingOptions {
  autoAgent: boolean;
  autoAgentDelayMs: number;
}

export class FlexRouting {
  private readonly timers = new Set<NodeJS.Timeout>();
  private current: FlexRoutingOptions;

  constructor(
    private readonly state: EmulatorState,
    options: FlexRoutingOptions,
  ) {
    this.current = { ...options };
  }

  /** Auto-agent on or off and its delay, as they are now (the control API changes them at runtime). */
  get options(): Readonly<FlexRoutingOptions> {
    return this.current;
  }

  /**
   * Changes the routing at runtime. Turning auto-agent on is an agent becoming available: every
   * conversation waiting in the queue gets one after the delay. Turning it off also stops the
   * auto-agent that was about to accept a conversation.
   */
  configure(update: Partial<FlexRoutingOptions>): Readonly<FlexRoutingOptions> {
    const wasOn = this.current.autoAgent;
    this.current = { ...this.current, ...update };
    if (this.current.autoAgent && !wasOn) {
      for (const conversation of this.state.listConversations())
        if (conversation.waitingForAgent && conversation.state !== 'closed') this.scheduleAutoAgent(conversation.sid);
    }
    return this.current;
  }

  /** Called for every new message; `webhooksEnabled` is false only for REST posts that say so. */
  messagePosted(conversationSid: string, author: string, webhooksEnabled: boolean): void {
    if (!webhooksEnabled) return;
    const conversation = this.state.getConversation(conversationSid);
    if (!conversation || conversation.state === 'closed' || conversation.waitingForAgent) return;
    const participants = this.state.listParticipants(conversationSid);
    if (participants.some((p) => p.role === 'agent')) return;
    if (participants.find((p) => p.identity === author)?.role !== 'customer') return;
    this.state.setWaitingForAgent(conversationSid, true);
    if (this.current.autoAgent) this.scheduleAutoAgent(conversationSid);
  }

  /** The auto-agent accepts the conversation after the delay, if it is still waiting then. */
  private scheduleAutoAgent(conversationSid: string): void {
    // The agent acts in Flex (its SDK client), not as part of the request that queued the chat.
    const timer = setTimeout(
      () =>
        asFlex(() => {
          this.timers.delete(timer);
          const current = this.state.getConversation(conversationSid);
          if (!this.current.autoAgent || !current || !current.waitingForAgent || current.state === 'closed') return;
          this.agentJoins(conversationSid, DEFAULT_AGENT, true);
        }),
      this.current.autoAgentDelayMs,
    );
    this.timers.add(timer);
  }

  /** An agent accepts the conversation (idempotent); with `greet`, they say hello. */
  agentJoins(conversationSid: string, agent: AgentProfile, greet: boolean): AgentProfile {
    const already = this.state.getParticipant(conversationSid, agent.identity);
    this.state.addParticipant(conversationSid, agent.identity, { role: 'agent', friendlyName: agent.friendlyName });
    this.state.setWaitingForAgent(conversationSid, false);
    const user = this.state.getUser(agent.identity);
    const profile = { identity: agent.identity, friendlyName: user?.friendlyName ?? agent.friendlyName };
    if (greet && !already) {
      const customer = this.state.listParticipants(conversationSid).find((p) => p.role === 'customer');
      const customerName = customer ? this.state.getUser(customer.identity)?.friendlyName : undefined;
      const hello = customerName
        ? `Hi ${customerName}, I'm ${profile.friendlyName}.`
        : `Hi, I'm ${profile.friendlyName}.`;
      this.state.addMessage(conversationSid, { author: agent.identity, body: `${hello} How can I help you today?` });
    }
    return profile;
  }

  /**
   * An agent leaves (their task completes, as in Flex): the participant is removed; the conversation
   * stays open, and the visitor's next message queues it again.
   */
  agentLeaves(conversationSid: string, identity: string): void {
    this.state.removeParticipant(conversationSid, identity);
  }

  /**
   * Flex's transfer: `to` joins as an agent (the transferred task was accepted); cold, `from` then
   * leaves; warm, `from` stays. Returns who is now in the conversation's agent seat.
   */
  transfer(conversationSid: string, from: string, to: AgentProfile, mode: TransferMode): AgentProfile {
    const joined = this.agentJoins(conversationSid, to, false);
    if (mode === 'cold') this.agentLeaves(conversationSid, from);
    return joined;
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

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

export interface FlexRoutingOptions {
  autoAgent: boolean;
  autoAgentDelayMs: number;
}

export class FlexRouting {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly state: EmulatorState,
    readonly options: FlexRoutingOptions,
  ) {}

  /** Called for every new message; `webhooksEnabled` is false only for REST posts that say so. */
  messagePosted(conversationSid: string, author: string, webhooksEnabled: boolean): void {
    if (!webhooksEnabled) return;
    const conversation = this.state.getConversation(conversationSid);
    if (!conversation || conversation.state === 'closed' || conversation.waitingForAgent) return;
    const participants = this.state.listParticipants(conversationSid);
    if (participants.some((p) => p.role === 'agent')) return;
    if (participants.find((p) => p.identity === author)?.role !== 'customer') return;
    this.state.setWaitingForAgent(conversationSid, true);
    if (!this.options.autoAgent) return;
    // The agent acts in Flex (its SDK client), not as part of the request that queued the chat.
    const timer = setTimeout(
      () =>
        asFlex(() => {
          this.timers.delete(timer);
          const current = this.state.getConversation(conversationSid);
          if (!current || !current.waitingForAgent || current.state === 'closed') return;
          this.agentJoins(conversationSid, DEFAULT_AGENT, true);
        }),
      this.options.autoAgentDelayMs,
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

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

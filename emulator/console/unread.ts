import { agentOf, type ConversationSummary } from '../control-client.ts';

/** Messages the agent has not read yet (all of them while no agent has joined). */
export function unreadCount(conversation: ConversationSummary): number {
  if (conversation.lastMessageIndex === null) return 0;
  const lastRead = agentOf(conversation)?.lastReadMessageIndex ?? -1;
  return Math.max(0, conversation.lastMessageIndex - lastRead);
}

import { agentOf, type ConversationSummary } from '../control-client.ts';

/**
 * Messages the agent has not read yet (all of them while no agent has joined). A closed
 * conversation has none: nothing is left to answer there.
 */
export function unreadCount(conversation: ConversationSummary): number {
  if (conversation.state === 'closed' || conversation.lastMessageIndex === null) return 0;
  const lastRead = agentOf(conversation)?.lastReadMessageIndex ?? -1;
  return Math.max(0, conversation.lastMessageIndex - lastRead);
}

/** Unread messages over every conversation (closed ones count none). */
export function totalUnread(conversations: Iterable<ConversationSummary>): number {
  let total = 0;
  for (const conversation of conversations) total += unreadCount(conversation);
  return total;
}

/**
 * Which conversations the list shows, and in which order: the filter (open ones by default, so a
 * demo starts on what needs an agent), the search's matches, most recent activity first.
 */
import type { ConversationSummary } from '../control-client.ts';

export const LIST_FILTERS = ['active', 'closed', 'all'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export const FILTER_LABELS: Record<ListFilter, string> = { active: 'Active', closed: 'Closed', all: 'All' };

/** "Active" is every conversation not closed: waiting, with an agent, or `inactive` (a message reopens it). */
export function inFilter(conversation: ConversationSummary, filter: ListFilter): boolean {
  if (filter === 'all') return true;
  return (conversation.state === 'closed') === (filter === 'closed');
}

/** `matches` is the search's result (null: no search). Newest activity first, then newest created. */
export function shownConversations(
  conversations: Iterable<ConversationSummary>,
  filter: ListFilter,
  matches: ReadonlySet<string> | null,
): ConversationSummary[] {
  const shown: ConversationSummary[] = [];
  for (const c of conversations) if (inFilter(c, filter) && (matches === null || matches.has(c.sid))) shown.push(c);
  return shown.sort((a, b) => newestFirst(a.dateUpdated, b.dateUpdated) || newestFirst(a.dateCreated, b.dateCreated));
}

/** ISO 8601 times in UTC sort as strings (a plain comparison: a thousand entries sort in a blink). */
function newestFirst(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

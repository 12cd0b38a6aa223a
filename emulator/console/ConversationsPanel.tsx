/** The side panel: search, the active / closed / all filter, how many are shown, and the list. */
import type { ConversationSummary } from '../control-client.ts';
import { ConversationList } from './ConversationList.tsx';
import { FILTER_LABELS, LIST_FILTERS, type ListFilter } from './list-filter.ts';

interface Props {
  shown: ConversationSummary[];
  /** How many conversations there are at all (to tell "none yet" from "none match"). */
  total: number;
  filter: ListFilter;
  onFilter: (filter: ListFilter) => void;
  query: string;
  onQuery: (query: string) => void;
  selected: string | undefined;
  onSelect: (sid: string) => void;
}

function countLine(count: number, filter: ListFilter, searching: boolean): string {
  const what = filter === 'all' ? 'conversation' : `${FILTER_LABELS[filter].toLowerCase()} conversation`;
  return `${count} ${what}${count === 1 ? '' : 's'}${searching ? ' found' : ''}`;
}

export function ConversationsPanel({ shown, total, filter, onFilter, query, onQuery, selected, onSelect }: Props) {
  const searching = query.trim() !== '';
  return (
    <nav aria-label="Conversations">
      <h2>Conversations</h2>
      <div class="list-tools">
        <label class="search">
          <span class="visually-hidden">Search conversations</span>
          <input
            type="search"
            value={query}
            placeholder="Name, question, message, SID"
            onInput={(e) => onQuery(e.currentTarget.value)}
          />
        </label>
        <fieldset class="filter">
          <legend class="visually-hidden">Show</legend>
          {LIST_FILTERS.map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="conversation-filter"
                value={value}
                checked={filter === value}
                onChange={() => onFilter(value)}
              />
              {FILTER_LABELS[value]}
            </label>
          ))}
        </fieldset>
      </div>
      <p class="list-count" role="status">
        {total === 0 ? '' : countLine(shown.length, filter, searching)}
      </p>
      {total === 0 ? (
        <p class="empty">No conversations yet. Start a chat from the demo site.</p>
      ) : shown.length === 0 ? (
        <p class="empty">{searching ? 'Nothing matches the search.' : 'None here: try another filter.'}</p>
      ) : (
        <ConversationList
          conversations={shown}
          selected={selected}
          onSelect={onSelect}
          resetKey={`${filter} ${query.trim()}`}
        />
      )}
    </nav>
  );
}

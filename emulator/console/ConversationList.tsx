/**
 * The list's entries, rendered incrementally: the first page, then the next one whenever the
 * end of the list scrolls into view (or "Show more" is pressed: keyboard users), so a thousand
 * conversations cost the first paint no more than fifty.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ConversationSummary } from '../control-client.ts';
import { ConversationEntry } from './ConversationEntry.tsx';
import { useNow } from './relative-time.ts';

export const LIST_PAGE_SIZE = 50;

interface Props {
  conversations: ConversationSummary[];
  selected: string | undefined;
  onSelect: (sid: string) => void;
  /** Changes when the filter or the search does: the list starts again from its first page. */
  resetKey: string;
}

export function ConversationList({ conversations, selected, onSelect, resetKey }: Props) {
  const now = useNow();
  // The page count belongs to a filter and search: another key starts from the first page in the
  // same render (no frame with the old count).
  const [paging, setPaging] = useState({ key: resetKey, limit: LIST_PAGE_SIZE });
  const limit = paging.key === resetKey ? paging.limit : LIST_PAGE_SIZE;
  const showMore = useCallback(
    () =>
      setPaging((current) => ({
        key: resetKey,
        limit: (current.key === resetKey ? current.limit : LIST_PAGE_SIZE) + LIST_PAGE_SIZE,
      })),
    [resetKey],
  );
  const more = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  /** After "Show more" is pressed: the first entry it showed takes the focus (the button may be gone). */
  const focusEntry = useRef<number | undefined>(undefined);
  const hasMore = conversations.length > limit;

  useEffect(() => {
    const index = focusEntry.current;
    // Not yet rendered (an earlier page, shown by scrolling, is what this render added): wait for it.
    if (index === undefined || index >= limit) return;
    list.current?.querySelectorAll<HTMLButtonElement>('.conversation')[index]?.focus();
    focusEntry.current = undefined;
  }, [limit]);

  useEffect(() => {
    const button = more.current;
    if (!button || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) showMore();
      },
      { rootMargin: '200px 0px' },
    );
    observer.observe(button);
    return () => observer.disconnect();
  }, [hasMore, limit, showMore]);

  return (
    <>
      <ul class="conversation-list" ref={list}>
        {conversations.slice(0, limit).map((c) => (
          <li key={c.sid}>
            <ConversationEntry conversation={c} selected={c.sid === selected} now={now} onSelect={onSelect} />
          </li>
        ))}
      </ul>
      {hasMore && (
        <button
          type="button"
          class="show-more"
          ref={more}
          onClick={() => {
            focusEntry.current = limit;
            showMore();
          }}
        >
          Show more ({conversations.length - limit} not shown)
        </button>
      )}
    </>
  );
}

/**
 * The list's entries, rendered incrementally: the first page, then the next one whenever the
 * end of the list scrolls into view (or "Show more" is pressed: keyboard users), so a thousand
 * conversations cost the first paint no more than fifty.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
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
  const [limit, setLimit] = useState(LIST_PAGE_SIZE);
  const more = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  /** After "Show more" is pressed: the first entry it showed takes the focus (the button may be gone). */
  const focusEntry = useRef<number | undefined>(undefined);
  const hasMore = conversations.length > limit;

  useEffect(() => {
    if (focusEntry.current === undefined) return;
    list.current?.querySelectorAll<HTMLButtonElement>('.conversation')[focusEntry.current]?.focus();
    focusEntry.current = undefined;
  }, [limit]);

  useEffect(() => setLimit(LIST_PAGE_SIZE), [resetKey]);

  useEffect(() => {
    const button = more.current;
    if (!button || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setLimit((current) => current + LIST_PAGE_SIZE);
      },
      { rootMargin: '200px 0px' },
    );
    observer.observe(button);
    return () => observer.disconnect();
  }, [hasMore, limit]);

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
            setLimit(limit + LIST_PAGE_SIZE);
          }}
        >
          Show more ({conversations.length - limit} not shown)
        </button>
      )}
    </>
  );
}

/**
 * The console's list of conversations, kept live: loaded once (and on every reconnect), then
 * changed by the control API's events (a change carries the conversation; a deletion says it is
 * gone). The search asks the emulator (it searches every message), then live changes are matched
 * here with the same rule (emulator/conversation-search.ts).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ConversationDetail, ConversationSummary, EmulatorControl } from '../control-client.ts';
import { matchesSearch } from '../conversation-search.ts';

const SEARCH_DEBOUNCE_MS = 150;

export function summaryOf({ messages: _messages, ...summary }: ConversationDetail): ConversationSummary {
  return summary;
}

export interface ConversationListState {
  /** Every conversation the emulator holds, by SID. */
  conversations: ReadonlyMap<string, ConversationSummary>;
  /** SIDs the search found (null: no search). */
  matches: ReadonlySet<string> | null;
  query: string;
  setQuery: (query: string) => void;
  reload: () => Promise<void>;
  /** A conversation as a live event shows it. */
  changed: (conversation: ConversationDetail) => void;
  removed: (sid: string) => void;
}

export function useConversationList(
  control: EmulatorControl,
  run: (action: () => Promise<unknown>) => Promise<void>,
): ConversationListState {
  const [conversations, setConversations] = useState<ReadonlyMap<string, ConversationSummary>>(new Map());
  const [matches, setMatches] = useState<ReadonlySet<string> | null>(null);
  const [query, setQuery] = useState('');
  const queryRef = useRef(query);
  queryRef.current = query;

  const merge = (found: ConversationSummary[], replaceAll: boolean) =>
    setConversations((current) => {
      const next = new Map(replaceAll ? [] : current);
      for (const c of found) next.set(c.sid, c);
      return next;
    });

  const reload = useCallback(() => run(async () => merge(await control.conversations(), true)), [control, run]);

  const changed = useCallback((conversation: ConversationDetail) => {
    setConversations((current) => new Map(current).set(conversation.sid, summaryOf(conversation)));
    const search = queryRef.current.trim();
    if (!search) return;
    const found = matchesSearch(conversation, search);
    setMatches((current) => {
      if (current === null || current.has(conversation.sid) === found) return current;
      const next = new Set(current);
      if (found) next.add(conversation.sid);
      else next.delete(conversation.sid);
      return next;
    });
  }, []);

  const removed = useCallback((sid: string) => {
    setConversations((current) => {
      if (!current.has(sid)) return current;
      const next = new Map(current);
      next.delete(sid);
      return next;
    });
    setMatches((current) => {
      if (!current?.has(sid)) return current;
      const next = new Set(current);
      next.delete(sid);
      return next;
    });
  }, []);

  useEffect(() => {
    const search = query.trim();
    if (!search) {
      setMatches(null);
      return;
    }
    const timer = setTimeout(
      () =>
        void run(async () => {
          const found = await control.conversations({ search });
          if (queryRef.current.trim() !== search) return; // a newer search is on its way
          merge(found, false);
          setMatches(new Set(found.map((c) => c.sid)));
        }),
      SEARCH_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [query, control, run]);

  return { conversations, matches, query, setQuery, reload, changed, removed };
}

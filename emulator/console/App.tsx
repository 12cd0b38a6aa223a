import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  agentsOf,
  customerOf,
  EmulatorControl,
  type ConversationDetail,
  type ConversationSummary,
  type EmulatorSettings,
} from '../control-client.ts';
import { followEvents } from './live.ts';
import { totalUnread, unreadCount } from './unread.ts';
import { ConversationsPanel } from './ConversationsPanel.tsx';
import { AutoAgentToggle } from './AutoAgentToggle.tsx';
import { shownConversations, type ListFilter } from './list-filter.ts';
import { useConversationList } from './use-conversation-list.ts';
import { MessageHistory } from './MessageHistory.tsx';
import { ReplyBox } from './ReplyBox.tsx';
import { AgentsPanel } from './AgentsPanel.tsx';
import { RichContentForm } from './RichContentForm.tsx';
import { preEngagementEntries } from './format.ts';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';

const TYPING_SHOWN_MS = 4000;
const TITLE = 'Agent console · Flex emulator';
const control = new EmulatorControl();

function storedAgentName(): string {
  try {
    return localStorage.getItem('agentName') ?? 'Alex';
  } catch {
    return 'Alex';
  }
}

export function App() {
  const [selected, setSelected] = useState<string>();
  const [deleted, setDeleted] = useState<string>();
  const [filter, setFilter] = useState<ListFilter>('active');
  const [settings, setSettings] = useState<EmulatorSettings>();
  const [detail, setDetail] = useState<ConversationDetail>();
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string>();
  const [typing, setTyping] = useState<Record<string, number>>({});
  const [agentName, setAgentName] = useState(storedAgentName);
  const selectedRef = useRef<string | undefined>(undefined);
  selectedRef.current = selected;

  const run = useCallback(async (action: () => Promise<unknown>) => {
    try {
      setError(undefined);
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  const list = useConversationList(control, run);
  const { reload: refreshList, changed: conversationChanged, removed: conversationRemoved } = list;
  const refreshSettings = useCallback(() => run(async () => setSettings(await control.settings())), [run]);

  /** Runs an action; true when it was done (a refusal shows as the error). */
  const succeeded = useCallback(
    async (action: () => Promise<unknown>): Promise<boolean> => {
      let done = false;
      await run(async () => {
        await action();
        done = true;
      });
      return done;
    },
    [run],
  );
  const refreshDetail = useCallback(
    (sid: string) =>
      run(async () => {
        const conversation = await control.conversation(sid);
        if (selectedRef.current === sid) setDetail(conversation);
      }),
    [run],
  );

  useEffect(() => {
    void refreshList();
    return followEvents(
      (event) => {
        if (event.type === 'typing') {
          setTyping((t) => ({ ...t, [`${event.sid} ${event.identity}`]: Date.now() + TYPING_SHOWN_MS }));
          setTimeout(() => setTyping((t) => ({ ...t })), TYPING_SHOWN_MS + 50);
          return;
        }
        if (event.type === 'settings') {
          setSettings(event.settings);
          return;
        }
        if (event.type === 'conversationRemoved') {
          conversationRemoved(event.sid);
          if (event.sid === selectedRef.current) {
            setSelected(undefined);
            setDeleted(event.sid);
          }
          return;
        }
        // The event carries the conversation as it now is: apply it, no request needed.
        const changed = event.conversation;
        conversationChanged(changed);
        if (changed.sid === selectedRef.current) setDetail(changed);
      },
      (open) => {
        setConnected(open);
        if (open) {
          void refreshList();
          void refreshSettings();
        }
      },
    );
  }, [refreshList, refreshSettings, refreshDetail, conversationChanged, conversationRemoved]);

  const shown = useMemo(
    () => shownConversations(list.conversations.values(), filter, list.matches),
    [list.conversations, list.matches, filter],
  );

  // The tab's title counts what waits to be read (a closed conversation counts none).
  const unreadInAll = useMemo(() => totalUnread(list.conversations.values()), [list.conversations]);
  useEffect(() => {
    document.title = unreadInAll > 0 ? `(${unreadInAll}) ${TITLE}` : TITLE;
  }, [unreadInAll]);

  const select = useCallback((sid: string) => {
    setDeleted(undefined);
    setSelected(sid);
  }, []);

  useEffect(() => {
    setDetail(undefined);
    if (selected) void refreshDetail(selected);
  }, [selected, refreshDetail]);

  // The agent the console replies as: the one chosen, else the current one (the latest to join).
  const [replyAs, setReplyAs] = useState<string>();
  const agents = detail ? agentsOf(detail) : [];
  const agent = agents.find((a) => a.identity === replyAs) ?? agents.at(-1);

  // Read on view: the agent's read horizon follows what is on screen.
  // Once per new last message: the change events that follow (before the receipt lands) do not repeat it.
  const readRequested = useRef('');
  useEffect(() => {
    if (!detail || !agent || unreadCount(detail) === 0 || document.visibilityState !== 'visible') return;
    const key = `${detail.sid} ${agent.identity} ${detail.lastMessageIndex}`;
    if (readRequested.current === key) return;
    readRequested.current = key;
    void run(() => control.agentReads(detail.sid, agent.identity));
  }, [detail, agent, run]);

  const customer = detail ? customerOf(detail) : undefined;
  const customerTyping = detail && customer && (typing[`${detail.sid} ${customer.identity}`] ?? 0) > Date.now();
  // Inactive (Flex's inactivity timer) is not ended: a message makes the conversation active again.
  const ended = detail ? detail.state === 'closed' : true;

  return (
    <div class="console">
      <header class="top">
        <h1>Flex emulator · Agent console</h1>
        <label>
          Agent name{' '}
          <input
            value={agentName}
            onInput={(e) => {
              const name = e.currentTarget.value;
              setAgentName(name);
              try {
                localStorage.setItem('agentName', name);
              } catch {
                // storage denied: keep it for this page
              }
            }}
          />
        </label>
        <AutoAgentToggle
          settings={settings}
          onChange={(autoAgent) => void run(async () => setSettings(await control.changeSettings({ autoAgent })))}
        />
        <span class={connected ? 'live on' : 'live off'} role="status">
          {connected ? 'Live' : 'Reconnecting…'}
        </span>
      </header>
      <ConversationsPanel
        shown={shown}
        total={list.conversations.size}
        filter={filter}
        onFilter={setFilter}
        query={list.query}
        onQuery={list.setQuery}
        selected={selected}
        onSelect={select}
      />
      <main>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {!detail && (
          <p class="empty" role="status">
            {selected ? 'Loading…' : deleted ? `Conversation ${deleted} was deleted.` : 'Select a conversation.'}
          </p>
        )}
        {detail && (
          <>
            <header class="conversation-header">
              <h2>{withoutBidiControls(customer?.friendlyName ?? detail.friendlyName ?? detail.sid)}</h2>
              <dl class="pre-engagement">
                {preEngagementEntries(detail.attributes).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
              </dl>
              <div class="actions">
                {!agent && !ended && (
                  <button
                    type="button"
                    onClick={() =>
                      void run(() => control.agentJoins(detail.sid, { friendlyName: agentName.trim() || 'Alex' }))
                    }
                  >
                    Accept as {agentName.trim() || 'Alex'}
                  </button>
                )}
                {detail.state !== 'closed' && (
                  <button
                    type="button"
                    class="danger"
                    onClick={() => void run(() => control.setState(detail.sid, 'closed'))}
                  >
                    End conversation
                  </button>
                )}
                <span class={`state state-${detail.state}`}>{detail.state}</span>
                {detail.endedBy === 'visitor' && (
                  <span class="ended-by" role="status">
                    Ended by the visitor
                  </span>
                )}
                {detail.feedback && <FeedbackNote feedback={detail.feedback} />}
              </div>
            </header>
            <AgentsPanel
              agents={agents}
              replyAs={agent}
              onReplyAs={setReplyAs}
              open={!ended}
              onTransfer={(to, mode) =>
                succeeded(() => control.transfer(detail.sid, { from: agent?.identity, to, mode }))
              }
              onAdd={(added) => succeeded(() => control.agentJoins(detail.sid, added))}
              onLeave={(identity) => void run(() => control.agentLeaves(detail.sid, identity))}
            />
            <MessageHistory conversation={detail} agent={agent} />
            <p class="typing" aria-live="polite">
              {customerTyping ? `${withoutBidiControls(customer?.friendlyName ?? 'The visitor')} is typing…` : ''}
            </p>
            {agent ? (
              <>
                <ReplyBox
                  disabled={ended}
                  onTyping={() => void run(() => control.agentTypes(detail.sid, agent.identity))}
                  onSend={(body) => run(() => control.agentSays(detail.sid, body, undefined, agent.identity))}
                  onFile={(media) => run(() => control.agentSays(detail.sid, undefined, media, agent.identity))}
                />
                <RichContentForm
                  disabled={ended}
                  onSend={async (content) => {
                    let sent = false;
                    await run(async () => {
                      await control.agentSendsContent(detail.sid, content, agent.identity);
                      sent = true;
                    });
                    return sent;
                  }}
                />
              </>
            ) : (
              <p class="hint">{ended ? 'This conversation has ended.' : 'Accept the conversation to reply.'}</p>
            )}
          </>
        )}
      </main>
    </div>
  );
}

/** The visitor's post-chat rating (and comment) as the emulator's feedback receiver got it. */
function FeedbackNote({ feedback }: { feedback: NonNullable<ConversationSummary['feedback']> }) {
  const stars = '★'.repeat(feedback.rating) + '☆'.repeat(5 - feedback.rating);
  return (
    <p class="feedback" role="status">
      <span aria-hidden="true">{stars}</span> Rated {feedback.rating} out of 5 by the visitor
      {feedback.comment !== null && <q dir="auto">{withoutBidiControls(feedback.comment)}</q>}
    </p>
  );
}

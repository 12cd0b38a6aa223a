import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { agentOf, controlApi, customerOf, subscribe, unreadCount, type ConversationDetail, type ConversationSummary } from './api.ts';
import { ConversationList } from './ConversationList.tsx';
import { MessageHistory } from './MessageHistory.tsx';
import { ReplyBox } from './ReplyBox.tsx';
import { preEngagementEntries } from './format.ts';

const TYPING_SHOWN_MS = 4000;

function storedAgentName(): string {
  try {
    return localStorage.getItem('agentName') ?? 'Alex';
  } catch {
    return 'Alex';
  }
}

export function App() {
  const [conversations, setConversations] = useState<ConversationSummary[]>([]);
  const [selected, setSelected] = useState<string>();
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

  const refreshList = useCallback(() => run(async () => setConversations(await controlApi.list())), [run]);
  const refreshDetail = useCallback(
    (sid: string) =>
      run(async () => {
        const conversation = await controlApi.get(sid);
        if (selectedRef.current === sid) setDetail(conversation);
      }),
    [run],
  );

  useEffect(() => {
    void refreshList();
    return subscribe(
      (event) => {
        if (event.type === 'typing') {
          setTyping((t) => ({ ...t, [`${event.sid} ${event.identity}`]: Date.now() + TYPING_SHOWN_MS }));
          setTimeout(() => setTyping((t) => ({ ...t })), TYPING_SHOWN_MS + 50);
          return;
        }
        void refreshList();
        if (event.sid === selectedRef.current) void refreshDetail(event.sid);
      },
      (open) => {
        setConnected(open);
        if (open) void refreshList();
      },
    );
  }, [refreshList, refreshDetail]);

  useEffect(() => {
    setDetail(undefined);
    if (selected) void refreshDetail(selected);
  }, [selected, refreshDetail]);

  const agent = detail ? agentOf(detail) : undefined;

  // Read on view: the agent's read horizon follows what is on screen.
  useEffect(() => {
    if (!detail || !agent || unreadCount(detail) === 0 || document.visibilityState !== 'visible') return;
    void run(() => controlApi.read(detail.sid, agent.identity));
  }, [detail, agent, run]);

  const customer = detail ? customerOf(detail) : undefined;
  const customerTyping = detail && customer && (typing[`${detail.sid} ${customer.identity}`] ?? 0) > Date.now();
  const ended = detail ? detail.state !== 'active' : true;

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
        <span class={connected ? 'live on' : 'live off'} role="status">
          {connected ? 'Live' : 'Reconnecting…'}
        </span>
      </header>
      <nav aria-label="Conversations">
        <h2>Conversations</h2>
        <ConversationList conversations={conversations} selected={selected} onSelect={setSelected} />
      </nav>
      <main>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {!detail && <p class="empty">{selected ? 'Loading…' : 'Select a conversation.'}</p>}
        {detail && (
          <>
            <header class="conversation-header">
              <h2>{customer?.friendlyName ?? detail.friendlyName ?? detail.sid}</h2>
              <dl class="pre-engagement">
                {preEngagementEntries(detail.attributes).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
              </dl>
              <div class="actions">
                {!agent && detail.state === 'active' && (
                  <button type="button" onClick={() => void run(() => controlApi.join(detail.sid, agentName.trim() || 'Alex'))}>
                    Accept as {agentName.trim() || 'Alex'}
                  </button>
                )}
                {detail.state !== 'closed' && (
                  <button type="button" class="danger" onClick={() => void run(() => controlApi.setState(detail.sid, 'closed'))}>
                    End conversation
                  </button>
                )}
                <span class={`state state-${detail.state}`}>{detail.state}</span>
              </div>
            </header>
            <MessageHistory conversation={detail} agent={agent} />
            <p class="typing" aria-live="polite">
              {customerTyping ? `${customer?.friendlyName ?? 'The visitor'} is typing…` : ''}
            </p>
            {agent ? (
              <ReplyBox
                disabled={ended}
                onTyping={() => void run(() => controlApi.typing(detail.sid, agent.identity))}
                onSend={(body) => run(() => controlApi.send(detail.sid, agent.identity, body))}
                onFile={(media) => run(() => controlApi.sendFile(detail.sid, agent.identity, media))}
              />
            ) : (
              <p class="hint">{detail.state === 'active' ? 'Accept the conversation to reply.' : 'This conversation has ended.'}</p>
            )}
          </>
        )}
      </main>
    </div>
  );
}

import { agentOf, customerOf, type ConversationSummary } from '../control-client.ts';
import { unreadCount } from './unread.ts';
import { formatTime } from './format.ts';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';

interface Props {
  conversations: ConversationSummary[];
  selected: string | undefined;
  onSelect: (sid: string) => void;
}

export function ConversationList({ conversations, selected, onSelect }: Props) {
  if (conversations.length === 0) {
    return <p class="empty">No conversations yet. Start a chat from the demo site.</p>;
  }
  return (
    <ul class="conversation-list">
      {conversations.map((c) => {
        const unread = unreadCount(c);
        const waiting = !agentOf(c) && c.state !== 'closed';
        const name = withoutBidiControls(customerOf(c)?.friendlyName ?? c.friendlyName ?? c.sid);
        return (
          <li key={c.sid}>
            <button
              type="button"
              class={c.sid === selected ? 'conversation selected' : 'conversation'}
              aria-current={c.sid === selected ? 'true' : undefined}
              onClick={() => onSelect(c.sid)}
            >
              <span class="name">{name}</span>
              <span class={`state state-${c.state}`}>{waiting ? 'waiting' : c.state}</span>
              {unread > 0 && <span class="unread">{unread} unread</span>}
              {c.feedback && <span class="rating">rated {c.feedback.rating}/5</span>}
              <time dateTime={c.dateUpdated}>{formatTime(c.dateUpdated)}</time>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

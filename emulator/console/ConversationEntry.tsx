/** One entry of the list: the visitor's name, state, unread badge, the last message or the question, when; the SID on hover. */
import { Component } from 'preact';
import { agentOf, customerOf, type ConversationSummary } from '../control-client.ts';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';
import { unreadCount } from './unread.ts';
import { entryPreview } from './entry-preview.ts';
import { localDateTime, relativeTime } from './relative-time.ts';

interface Props {
  conversation: ConversationSummary;
  selected: boolean;
  now: number;
  onSelect: (sid: string) => void;
}

/** A class for `shouldComponentUpdate`: a change to one conversation re-renders one entry, not a thousand. */
export class ConversationEntry extends Component<Props> {
  override shouldComponentUpdate(next: Props): boolean {
    const props = this.props;
    return (
      next.conversation !== props.conversation ||
      next.selected !== props.selected ||
      next.onSelect !== props.onSelect ||
      relativeTime(next.conversation.dateUpdated, next.now) !== relativeTime(props.conversation.dateUpdated, props.now)
    );
  }

  override render({ conversation: c, selected, now, onSelect }: Props) {
    const unread = unreadCount(c);
    const waiting = !agentOf(c) && c.state !== 'closed';
    const name = withoutBidiControls(customerOf(c)?.friendlyName ?? c.friendlyName ?? c.sid);
    return (
      <button
        type="button"
        class={selected ? 'conversation selected' : 'conversation'}
        aria-current={selected ? 'true' : undefined}
        title={c.sid}
        onClick={() => onSelect(c.sid)}
      >
        <span class="name" dir="auto">
          {name}
        </span>
        <span class={`state state-${c.state}`}>{waiting ? 'waiting' : c.state}</span>
        <span class="preview" dir="auto">
          {entryPreview(c)}
        </span>
        <span class="badges">
          {unread > 0 && <span class="unread">{unread} unread</span>}
          {c.feedback && <span class="rating">rated {c.feedback.rating}/5</span>}
        </span>
        <time dateTime={c.dateUpdated} title={localDateTime(c.dateUpdated)}>
          {relativeTime(c.dateUpdated, now)}
        </time>
      </button>
    );
  }
}

/**
 * The message log: day separators, "New messages" divider, author groups, the outbox
 * ("Sending…", "Not sent — Retry"), "Read" receipts. Older history loads on scroll to the top
 * keeping the position. A log at the bottom stays there through new messages and any change of
 * size (ResizeObserver: images loading, the ended footer, a keyboard, a resize); one scrolled up
 * gets a "New messages ↓" pill instead (a scroll counts from the moment it happens, not from its
 * event, which only comes with the next frame). Opening on unread messages shows the first of them.
 *
 * Long conversations stay cheap: a group re-renders only when its own messages, name, receipt or
 * locale change (older messages prepended render only the new groups); the log is cut into blocks
 * of 25 message indices, and blocks off screen are not laid out or painted (`content-visibility:
 * auto` in chat.css) yet stay in the DOM, so find-in-page and screen readers still reach every
 * loaded message. Older messages come a block at a time (LiveConversation), as the top nears: a
 * viewport away, or further while the visitor scrolls up fast.
 */
import { signal } from '@preact/signals';
import { Component } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { LiveConversation } from '../chat/live-conversation.ts';
import type { OutboxItem } from '../chat/outbox.ts';
import type { ParticipantNotice } from '../chat/participant-notices.ts';
import { buildTimeline, timeLabel, timelineBlocks, type TimelineEntry, type TimelineItem } from '../chat/timeline.ts';
import type { ChatMessage } from '../chat/types.ts';
import { locale, t } from '../i18n/index.ts';
import { Attachment } from './Attachment.tsx';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';
import { Markdown } from './Markdown.tsx';
import { MessageText } from './MessageText.tsx';
import { RemoveButton } from './RemoveButton.tsx';
import { RichMessage } from './RichMessage.tsx';

interface DisplayItem extends TimelineItem {
  message?: ChatMessage;
  pending?: OutboxItem;
  notice?: ParticipantNotice;
}

const BOTTOM_SLACK_PX = 48;
/**
 * The newest groups are always rendered (the log opens at the bottom, where a size estimate
 * would leave the latest message short of the edge); older ones are rendered only near the
 * viewport (`.block.far`: `content-visibility: auto`).
 */
const ALWAYS_RENDERED_GROUPS = 12;
/** Older history starts loading this many viewport heights before the top, so it is there when the visitor gets there… */
const TOP_LOAD_VIEWPORTS = 1;
/**
 * …or, while the visitor scrolls up, as far before the top as they scroll in this time at their
 * current speed (a page of history fetched and shown): a fast scroll back through a long
 * conversation does not stop at each page, a slow one loads no more than it did.
 */
const LOAD_LEAD_MS = 400;
/** Room left above the "New messages" divider when it is scrolled to the top. */
const DIVIDER_GAP_PX = 8;

/** Scroll events this recent tell the visitor's speed. */
const SPEED_WINDOW_MS = 250;

/** Notes a scroll by `delta` px (> 0: up). */
function scrolledUp(recent: { at: number; up: number }[], delta: number): void {
  recent.push({ at: performance.now(), up: Math.max(0, delta) });
}

/** The speed upwards over the recent scrolls, in px/ms (0 once the visitor has stopped). */
function upSpeed(recent: { at: number; up: number }[]): number {
  const at = performance.now();
  while (recent.length > 0 && at - recent[0]!.at > SPEED_WINDOW_MS) recent.shift();
  const first = recent[0];
  if (!first) return 0;
  return recent.reduce((sum, s) => sum + s.up, 0) / Math.max(16, at - first.at);
}

function Pending({ item, conversation }: { item: OutboxItem; conversation: LiveConversation }) {
  const file = item.file && withoutBidiControls(item.file.name);
  if (item.status === 'failed') {
    return (
      <div class="pending failed">
        {file && <p>{t('uploadFailed', { file })}</p>}
        <p class="pending-status">
          <span>{t('notSent')}</span> —{' '}
          <button
            type="button"
            class="link-button"
            onClick={() => conversation.outbox.retry(item.key)}
            aria-label={file ? t('retryUpload', { file }) : undefined}
          >
            {t('retry')}
          </button>
          {file && <RemoveButton file={file} onClick={() => conversation.outbox.discard(item.key)} />}
        </p>
      </div>
    );
  }
  if (item.status === 'sent') return null;
  return (
    <div class="pending">
      {file && (
        <p class="upload">
          <span>{t('uploading', { file })}</span>
          <progress aria-label={t('uploading', { file })} />
        </p>
      )}
      <p class="pending-status">{t('sending')}</p>
    </div>
  );
}

/**
 * Intl's first date format costs a cold renderer ~200 ms (ICU's data; ~30 ms warm), which would
 * hold up the first paint of the log: times and older days' labels are filled in at the first idle
 * moment after it, once per page.
 */
export const datesReady = signal(false);
let datesScheduled = false;
export function formatDatesWhenIdle(): void {
  if (datesScheduled) return;
  datesScheduled = true;
  const format = (): void => {
    timeLabel(Date.now(), locale());
    datesReady.value = true;
  };
  if ('requestIdleCallback' in window) requestIdleCallback(format);
  else setTimeout(format, 50);
}

interface GroupProps {
  entry: Extract<TimelineEntry<DisplayItem>, { kind: 'group' }>;
  own: boolean;
  name: string;
  /** The message that carries the "Read" receipt, if it is in this group. */
  readSid: string | undefined;
  locale: string;
  /** Time labels can be formatted (see `datesReady`). */
  dates: boolean;
  conversation: LiveConversation;
  /** The reply chosen for each answered message (by sid), and its part for this group's messages. */
  chosen: ReadonlyMap<string, string>;
  chosenKey: string;
}

/**
 * The replies the visitor chose (quick replies, list pickers, card reply actions): the message
 * sid they answer → the chosen id, from the visitor's messages and outbox (the first answer counts).
 */
function chosenReplies(me: string, messages: readonly ChatMessage[], outbox: readonly OutboxItem[]) {
  const chosen = new Map<string, string>();
  const note = (reply: ChatMessage['contentReply']): void => {
    if (reply && !chosen.has(reply.inReplyTo)) chosen.set(reply.inReplyTo, reply.id);
  };
  for (const m of messages) if (m.author === me) note(m.contentReply);
  for (const p of outbox) note(p.contentReply);
  return chosen;
}

/** "Today", "Yesterday" or a date between the days' messages; nothing while the date waits for Intl. */
export function dayHeading({ key, label }: { key: string; label: string }) {
  return label ? (
    <h2 class="day" key={key}>
      {label}
    </h2>
  ) : null;
}

/**
 * A group's first line: who wrote it (untrusted: without bidi controls) and when. A render helper,
 * called rather than mounted (as are `bubble`'s): a component instance per message would cost
 * ~0.6 MB of heap with 1,000 messages loaded.
 */
export function groupMeta(name: string, time: number, dates: boolean, lang: string) {
  return (
    <p class="meta">
      <bdi class="author">{withoutBidiControls(name)}</bdi>{' '}
      <time dateTime={new Date(time).toISOString()}>{dates ? timeLabel(time, lang) : ''}</time>
    </p>
  );
}

/**
 * A message's text: agents and bots write the safe Markdown subset (`markdownOf`: the message, the
 * parse cache's key); the visitor's own text shows as typed.
 */
export function bubble(text: string, markdownOf: object | undefined) {
  return markdownOf ? (
    <div class="bubble markdown" dir="auto">
      <Markdown text={text} owner={markdownOf} />
    </div>
  ) : (
    <p class="bubble" dir="auto">
      <MessageText text={text} />
    </p>
  );
}

/** One author's consecutive messages; re-renders only when something it shows changed. */
class MessageGroup extends Component<GroupProps> {
  override shouldComponentUpdate(next: GroupProps): boolean {
    const now = this.props;
    if (next.own !== now.own || next.name !== now.name || next.readSid !== now.readSid) return true;
    if (next.locale !== now.locale || next.dates !== now.dates || next.entry.key !== now.entry.key) return true;
    if (next.chosenKey !== now.chosenKey) return true;
    const items = next.entry.items;
    const before = now.entry.items;
    return (
      items.length !== before.length ||
      items.some((item, i) => item.message !== before[i]?.message || item.pending !== before[i]?.pending)
    );
  }

  override render({ entry, own, name, readSid, locale: lang, dates, conversation, chosen }: GroupProps) {
    return (
      <div class={own ? 'group own' : 'group'}>
        {groupMeta(name, entry.time, dates, lang)}
        {entry.items.map((item) => {
          const m = item.message;
          const body = m ? m.body : (item.pending?.body ?? '');
          const text = body && bubble(body, m && !own ? m : undefined);
          return (
            <div class="message" key={item.key} data-key={item.key}>
              {m?.contentSid && !own ? (
                <RichMessage message={m} conversation={conversation} chosen={chosen.get(m.sid)} fallback={text} />
              ) : (
                text
              )}
              {m?.media.map((media, i) => (
                <Attachment
                  key={media.sid}
                  message={m}
                  media={media}
                  index={i}
                  fetchUrl={(msg, idx) => conversation.mediaUrl(msg, idx)}
                />
              ))}
              {item.pending?.file && !body && (
                <p class="bubble file-name" dir="auto">
                  {withoutBidiControls(item.pending.file.name)}
                </p>
              )}
              {item.pending && <Pending item={item.pending} conversation={conversation} />}
              {m && m.sid === readSid && <p class="receipt">{t('read')}</p>}
            </div>
          );
        })}
      </div>
    );
  }
}

/** "Sam joined the chat" / "Alex left the chat", with the agent's display name. */
export function noticeText(conversation: LiveConversation, notice: ParticipantNotice): string {
  const name = withoutBidiControls(conversation.displayName(notice.identity));
  return t(notice.kind === 'joined' ? 'agentJoined' : 'agentLeft', { name });
}

/** "Loading earlier messages…" on its own, so that its toggling does not re-render the log. */
function OlderStatus({ conversation }: { conversation: LiveConversation }) {
  return conversation.loadingOlder.value ? (
    <p class="older" role="status">
      {t('loadingOlder')}
    </p>
  ) : null;
}

export function MessageList({ conversation }: { conversation: LiveConversation }) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const prevFirst = useRef<string | undefined>(undefined);
  const prevLast = useRef<string | undefined>(undefined);
  const fromBottom = useRef(0);
  /**
   * The scroll position and height as last seen (our own scroll, a scroll event, a render): a
   * scroll since then is one whose event is still on its way (events come with the next frame, and
   * a message can render before it), judged against the height it was made at.
   */
  const seen = useRef({ top: 0, height: 0 });
  /** Recent scroll events: when, and how far up (0 for a scroll down). */
  const recentScrolls = useRef<{ at: number; up: number }[]>([]);
  /** The last item the visitor has seen at the bottom of the log. */
  const [seenKey, setSeenKey] = useState<string | undefined>(undefined);

  const me = conversation.identity;
  const messages = conversation.messages.value;
  const outbox = conversation.outbox.items.value;
  const othersRead = conversation.othersRead.value;
  void conversation.namesVersion.value; // re-render when names become known

  const items: DisplayItem[] = conversation
    .messagesWithNotices()
    .map((placed): DisplayItem =>
      'message' in placed
        ? { key: placed.message.sid, author: placed.message.author, time: placed.message.time, message: placed.message }
        : { key: placed.notice.key, author: '', time: placed.notice.time, standalone: true, notice: placed.notice },
    );
  for (const p of outbox) items.push({ key: `out-${p.key}`, author: me, time: p.createdAt, pending: p });
  const dates = datesReady.value;
  formatDatesWhenIdle();
  const timeline = buildTimeline(items, {
    formatDates: dates,
    now: Date.now(),
    locale: locale(),
    labels: { today: t('today'), yesterday: t('yesterday') },
    dividerBefore: conversation.reads.dividerBefore.value,
  });
  const chosen = chosenReplies(me, messages, outbox);
  const readSid =
    othersRead === null
      ? undefined
      : [...messages].reverse().find((m) => m.author === me && m.index <= othersRead)?.sid;

  const first = items[0]?.key;
  const last = items[items.length - 1]?.key;
  const seenAt = seenKey === undefined ? -1 : items.findIndex((i) => i.key === seenKey);
  const unseen = seenAt < 0 ? 0 : items.slice(seenAt + 1).filter((i) => i.message && i.author !== me).length;
  const divider = conversation.reads.dividerBefore.value;
  const lastRef = useRef(last);
  lastRef.current = last;

  /**
   * Scrolls to the bottom, but never past the "New messages" divider while it is in or below the
   * view (the first unread stays visible; with more than fit, the divider sits at the top).
   * Returns whether the bottom was reached (then everything is seen).
   */
  const follow = (): boolean => {
    const el = scroller.current;
    if (!el) return false;
    const bottom = el.scrollHeight - el.clientHeight;
    let target = bottom;
    const mark = el.querySelector('.divider');
    if (mark) {
      const at = mark.getBoundingClientRect().top - el.getBoundingClientRect().top + el.scrollTop - DIVIDER_GAP_PX;
      if (at >= el.scrollTop - 1) target = Math.min(bottom, Math.max(0, at));
    }
    el.scrollTop = target;
    atBottom.current = bottom - el.scrollTop <= BOTTOM_SLACK_PX;
    el.classList.toggle('pinned', atBottom.current);
    remember(el);
    if (atBottom.current) setSeenKey(lastRef.current);
    return atBottom.current;
  };

  const remember = (el: HTMLElement): void => {
    fromBottom.current = el.scrollHeight - el.scrollTop;
    seen.current = { top: el.scrollTop, height: el.scrollHeight };
  };

  /** Was the log at the bottom before this render, counting a scroll whose event has not arrived yet? */
  const wasAtBottom = (el: HTMLElement): boolean => {
    if (Math.abs(el.scrollTop - seen.current.top) >= 1) {
      atBottom.current = seen.current.height - el.scrollTop - el.clientHeight <= BOTTOM_SLACK_PX;
      el.classList.toggle('pinned', atBottom.current);
    }
    return atBottom.current;
  };

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (first !== prevFirst.current && prevFirst.current !== undefined && last === prevLast.current) {
      // Older history was prepended: keep what the visitor was looking at in place, and go on
      // while the top is still near.
      el.scrollTop = el.scrollHeight - fromBottom.current;
      loadOlderIfNear(el);
    } else if (last !== prevLast.current) {
      const lastItem = items[items.length - 1];
      const own = lastItem?.author === me;
      if (wasAtBottom(el) || own || prevLast.current === undefined) follow();
    }
    prevFirst.current = first;
    prevLast.current = last;
    remember(el);
  });

  // The panel opened on unread messages: show the first of them (the divider goes before it).
  useLayoutEffect(() => {
    if (divider !== undefined) follow();
  }, [divider]);

  // Any change of size (an image loading, the ended footer, an on-screen keyboard, a resize):
  // a log that was at the bottom stays there.
  useLayoutEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) follow();
      else remember(el);
    });
    observer.observe(el);
    observer.observe(inner);
    return () => observer.disconnect();
  }, []);

  /** Loads older messages when the top is near: a viewport away, or further while scrolling up fast. */
  const loadOlderIfNear = (el: HTMLElement): void => {
    const reserve = Math.max(el.clientHeight * TOP_LOAD_VIEWPORTS, upSpeed(recentScrolls.current) * LOAD_LEAD_MS);
    if (el.scrollTop <= reserve && conversation.hasOlder.value) void conversation.loadOlder();
  };

  const onScroll = (): void => {
    const el = scroller.current;
    if (!el) return;
    // An event for a position already seen (our own scroll's, which comes with the next frame, maybe
    // after the log was resized) moved nothing: judged against the new size it would unpin the log.
    if (Math.abs(el.scrollTop - seen.current.top) >= 1) {
      scrolledUp(recentScrolls.current, seen.current.top - el.scrollTop);
      atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK_PX;
      el.classList.toggle('pinned', atBottom.current);
      remember(el);
      if (atBottom.current) {
        setSeenKey(last);
        conversation.reads.advance();
      }
    }
    loadOlderIfNear(el);
  };

  const jump = (): void => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    el.classList.add('pinned');
    atBottom.current = true;
    remember(el);
    setSeenKey(last);
  };

  const lang = locale();
  const renderEntry = (entry: TimelineEntry<DisplayItem>) => {
    if (entry.kind === 'day') return dayHeading(entry);
    if (entry.kind === 'notice') {
      const notice = entry.item.notice;
      return notice ? (
        <p class="system-line" key={entry.key}>
          {noticeText(conversation, notice)}
        </p>
      ) : null;
    }
    if (entry.kind === 'divider')
      return (
        <p class="divider" key={entry.key}>
          <span>{t('newMessagesDivider')}</span>
        </p>
      );
    return (
      <MessageGroup
        key={entry.key}
        entry={entry}
        own={entry.author === me}
        name={conversation.displayName(entry.author)}
        readSid={readSid !== undefined && entry.items.some((i) => i.key === readSid) ? readSid : undefined}
        locale={lang}
        dates={dates}
        conversation={conversation}
        chosen={chosen}
        chosenKey={entry.items.map((i) => (i.message && chosen.get(i.message.sid)) ?? '').join('\n')}
      />
    );
  };

  return (
    <div class="log-wrap">
      <div
        class="log"
        role="log"
        aria-label={t('messages')}
        aria-live="off"
        tabIndex={0}
        ref={scroller}
        onScroll={onScroll}
        data-dbg={`${seenKey} ${last} ${unseen}`}
      >
        <div class="log-content" ref={content}>
          <OlderStatus conversation={conversation} />
          {timelineBlocks(timeline, {
            // Blocks, the unit skipped off screen, are the steps in which older messages come: a
            // few dozen for a long history rather than one per group (the browser checks every
            // skipped element's distance to the viewport whenever the layout changes).
            size: conversation.olderStep,
            indexOf: (item) => item.message?.index,
            recentGroups: ALWAYS_RENDERED_GROUPS,
          }).map((block) => (
            <div key={block.key} class={block.far ? 'block far' : 'block'}>
              {block.entries.map(renderEntry)}
            </div>
          ))}
        </div>
      </div>
      {unseen > 0 && (
        <button type="button" class="jump" title={t('jumpToNew', { count: unseen })} onClick={jump}>
          {t('newMessagesDivider')} <span aria-hidden="true">↓</span>
        </button>
      )}
    </div>
  );
}

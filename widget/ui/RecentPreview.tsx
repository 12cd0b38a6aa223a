/**
 * A returning visitor's latest messages, read-only, while the live conversation connects (the
 * controller's `recent`, from POST /api/webchat/recent): the log as the chat view draws it — days,
 * groups by author, the visitor's own as "You", agents' and bots' text as Markdown — scrolled to the
 * newest, marked busy. No composer, receipts or rich content's buttons: the live view replaces it
 * as soon as the SDK is connected.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { PastMessage } from '../../contracts/previous-conversations.ts';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';
import { buildTimeline, type TimelineItem } from '../chat/timeline.ts';
import { locale, t } from '../i18n/index.ts';
import { bubble, datesReady, dayHeading, formatDatesWhenIdle, groupMeta } from './MessageList.tsx';

interface PreviewItem extends TimelineItem {
  message: PastMessage;
}

/** The visitor's own messages are grouped under this author (names are never identities here). */
const OWN = '\u0000own';

export function RecentPreview({ messages }: { messages: PastMessage[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages]);
  const dates = datesReady.value;
  formatDatesWhenIdle();
  const lang = locale();
  const items = messages.map((m): PreviewItem => ({
    key: m.sid,
    author: m.own ? OWN : m.authorName,
    time: Date.parse(m.sentAt) || 0,
    message: m,
  }));
  const timeline = buildTimeline(items, {
    formatDates: dates,
    now: Date.now(),
    locale: lang,
    labels: { today: t('today'), yesterday: t('yesterday') },
  });
  return (
    <div class="log-wrap">
      <div class="log pinned" role="log" aria-label={t('messages')} aria-busy="true" tabIndex={0} ref={scroller}>
        <div class="log-content">
          {timeline.map((entry) => {
            if (entry.kind === 'day') return dayHeading(entry);
            if (entry.kind !== 'group') return null;
            const own = entry.author === OWN;
            return (
              <div class={own ? 'group own' : 'group'} key={entry.key}>
                {groupMeta(own ? t('you') : entry.author, entry.time, dates, lang)}
                {entry.items.map(({ message: m }) => (
                  <div class="message" key={m.sid} data-key={m.sid}>
                    {m.body && bubble(m.body, own ? undefined : m)}
                    {m.files.map((file, i) => (
                      <p key={i} class="bubble file-name" dir="auto">
                        {withoutBidiControls(file.filename ?? file.contentType)}
                      </p>
                    ))}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

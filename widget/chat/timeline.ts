/**
 * Turns a flat, ordered message list into what the log shows: day separators
 * ("Today", "Yesterday", a date via Intl), an optional "New messages" divider, and groups of
 * consecutive messages by the same author within a few minutes of each other.
 */

export interface TimelineItem {
  key: string;
  author: string;
  time: number;
  /** A line of its own between groups (a system line such as "Sam joined the chat"), in no group. */
  standalone?: boolean;
}

export type TimelineEntry<T extends TimelineItem> =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'divider'; key: string }
  | { kind: 'notice'; key: string; item: T }
  | { kind: 'group'; key: string; author: string; time: number; items: T[] };

export interface TimelineOptions {
  now: number;
  locale: string;
  labels: { today: string; yesterday: string };
  /** Key of the first unread message: the "New messages" divider goes before it. */
  dividerBefore?: string | undefined;
  groupGapMs?: number;
  /** false: days other than today and yesterday get an empty label for now (no Intl date format yet). */
  formatDates?: boolean;
}

export const GROUP_GAP_MS = 5 * 60 * 1000;

const formats = new Map<string, Intl.DateTimeFormat>();

/** One Intl.DateTimeFormat per locale and options (building one costs far more than using it). */
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

function dayStart(time: number): number {
  const d = new Date(time);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Today or yesterday: labelled without Intl. */
function isRecent(time: number, now: number): boolean {
  const yesterday = new Date(dayStart(now));
  yesterday.setDate(yesterday.getDate() - 1);
  return dayStart(time) >= yesterday.getTime();
}

export function dayLabel(time: number, now: number, locale: string, labels: TimelineOptions['labels']): string {
  const day = dayStart(time);
  const today = dayStart(now);
  if (day === today) return labels.today;
  const yesterday = new Date(today);
  yesterday.setDate(yesterday.getDate() - 1);
  if (day === yesterday.getTime()) return labels.yesterday;
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  return dateFormat(locale, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(time);
}

export function buildTimeline<T extends TimelineItem>(
  items: readonly T[],
  options: TimelineOptions,
): TimelineEntry<T>[] {
  const gap = options.groupGapMs ?? GROUP_GAP_MS;
  const out: TimelineEntry<T>[] = [];
  let currentDay: number | undefined;
  let group: Extract<TimelineEntry<T>, { kind: 'group' }> | undefined;
  for (const item of items) {
    const day = dayStart(item.time);
    if (day !== currentDay) {
      currentDay = day;
      group = undefined;
      out.push({
        kind: 'day',
        key: `day-${day}`,
        label:
          options.formatDates === false && !isRecent(item.time, options.now)
            ? ''
            : dayLabel(item.time, options.now, options.locale, options.labels),
      });
    }
    if (options.dividerBefore !== undefined && item.key === options.dividerBefore) {
      group = undefined;
      out.push({ kind: 'divider', key: 'new-messages' });
    }
    if (item.standalone) {
      group = undefined;
      out.push({ kind: 'notice', key: item.key, item });
      continue;
    }
    const last = group?.items[group.items.length - 1];
    if (group && last && group.author === item.author && item.time - last.time <= gap) {
      group.items.push(item);
    } else {
      group = { kind: 'group', key: `group-${item.key}`, author: item.author, time: item.time, items: [item] };
      out.push(group);
    }
  }
  return out;
}

const TIME_OPTIONS: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
const timeFormats = new Map<string, Intl.DateTimeFormat>();

export function timeLabel(time: number, locale: string): string {
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, TIME_OPTIONS);
    timeFormats.set(locale, format);
  }
  return format.format(time);
}

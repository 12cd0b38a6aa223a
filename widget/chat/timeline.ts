/**
 * Turns a flat, ordered message list into what the log shows: day separators
 * ("Today", "Yesterday", a date via Intl), an optional "New messages" divider, and groups of
 * consecutive messages by the same author within a few minutes of each other.
 */
import { cached } from '../i18n/intl-cache.ts';

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

/** One Intl.DateTimeFormat per locale and options. */
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(formats, `${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
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

/** A run of timeline entries rendered, or skipped while off screen, together (widget/ui/MessageList.tsx). */
export interface TimelineBlock<T extends TimelineItem> {
  key: string;
  entries: TimelineEntry<T>[];
  /**
   * None of its groups is among the newest `recentGroups`, and it is not the oldest block: older
   * messages are prepended into or above that one, and the log keeps the visitor's place by the
   * height they add, which a skipped block would not show until its next frame.
   */
  far: boolean;
}

export interface BlockOptions<T extends TimelineItem> {
  /** Message indices per block. */
  size: number;
  /** An item's message index; undefined for an item not yet in the conversation (the outbox). */
  indexOf(item: T): number | undefined;
  /** This many of the newest groups are never in a far block. */
  recentGroups: number;
}

/**
 * Cuts a timeline into blocks by message index: block k holds the groups whose first message's
 * index is in [k·size, (k+1)·size), so a block keeps its key and its groups when older pages are
 * prepended or new messages arrive. A group of items without an index (the outbox) joins the
 * block before it; day separators and the "New messages" divider join the group after them.
 */
export function timelineBlocks<T extends TimelineItem>(
  entries: readonly TimelineEntry<T>[],
  options: BlockOptions<T>,
): TimelineBlock<T>[] {
  const blocks: TimelineBlock<T>[] = [];
  const groups = entries.reduce((n, e) => n + (e.kind === 'group' ? 1 : 0), 0);
  let current: (TimelineBlock<T> & { bucket: number | undefined }) | undefined;
  let waiting: TimelineEntry<T>[] = [];
  let group = 0;
  for (const entry of entries) {
    if (entry.kind !== 'group') {
      waiting.push(entry);
      continue;
    }
    let first: number | undefined;
    for (const item of entry.items) {
      first = options.indexOf(item);
      if (first !== undefined) break;
    }
    const bucket = first === undefined ? current?.bucket : Math.floor(first / options.size);
    if (!current || (bucket !== undefined && bucket !== current.bucket)) {
      current = { key: `block-${bucket ?? 'new'}`, bucket, entries: [], far: true };
      blocks.push(current);
    }
    current.entries.push(...waiting, entry);
    waiting = [];
    if (group >= groups - options.recentGroups) current.far = false;
    group += 1;
  }
  if (waiting.length > 0) {
    if (current) current.entries.push(...waiting);
    else blocks.push({ key: 'block-new', entries: waiting, far: false });
  }
  return blocks.map(({ key, entries: inBlock, far }, i) => ({ key, entries: inBlock, far: far && i > 0 }));
}

const TIME_OPTIONS: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
const timeFormats = new Map<string, Intl.DateTimeFormat>();

export function timeLabel(time: number, locale: string): string {
  return cached(timeFormats, locale, () => new Intl.DateTimeFormat(locale, TIME_OPTIONS)).format(time);
}

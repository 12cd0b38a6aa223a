/**
 * Business hours (BUSINESS_HOURS): a weekly schedule in one IANA time zone, with closed dates,
 * and when it is open. Shared by the server (which decides: init refuses or marks the chat
 * after-hours) and the widget (which shows the offline view or the reply note without asking).
 *
 * The schedule is wall-clock time in its zone: each range of a day is turned into an interval of
 * instants with Intl (no time-zone library), so days of a DST change are as long as they really
 * are. A range that starts or ends in the hour skipped by a spring-forward change moves forward
 * by that hour (02:30 → 03:30, as Temporal's "compatible"); in the hour repeated by a fall-back
 * change, the earlier of the two instants is used.
 */
import { isRecord } from './guards.ts';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:MM" from "00:00" to "24:00"; a day's range is [start, end), start before end. */
export type TimeRange = [start: string, end: string];

export interface BusinessHours {
  /** An IANA time zone, e.g. "Europe/Berlin". */
  timeZone: string;
  /** Opening ranges per day; a missing day is closed. */
  weekly: Partial<Record<Weekday, TimeRange[]>>;
  /** Whole days closed, "YYYY-MM-DD" in the schedule's zone. */
  closed: string[];
}

/** `message`: outside hours the widget shows that we are offline and init refuses; `leave-message`: the chat starts, marked after-hours. */
export type OfflineMode = 'message' | 'leave-message';
export const OFFLINE_MODES: readonly OfflineMode[] = ['message', 'leave-message'];

export type ScheduleStatus = { open: true } | { open: false; nextOpenAt: number };

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function minutesOf(time: string): number | undefined {
  const m = TIME.exec(time);
  return m ? Number(m[1] ?? m[3]) * 60 + Number(m[2] ?? m[4]) : undefined;
}

function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().startsWith(text);
}

/** The schedule, or what is wrong with it (a sentence to follow the variable's name). */
export function parseBusinessHours(value: unknown): BusinessHours | { problem: string } {
  const fail = (problem: string) => ({ problem });
  if (!isRecord(value)) return fail('must be a JSON object { "timeZone", "weekly", "closed"? }.');
  const { timeZone, weekly, closed = [] } = value;
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone))
    return fail(`needs "timeZone", an IANA time zone such as "Europe/Berlin" (got ${JSON.stringify(timeZone)}).`);
  if (!isRecord(weekly)) return fail('needs "weekly": { "mon": [["09:00", "17:00"]], … }.');
  const days: BusinessHours['weekly'] = {};
  let ranges = 0;
  for (const [day, list] of Object.entries(weekly)) {
    if (!WEEKDAYS.includes(day as Weekday)) return fail(`weekly has "${day}"; the days are ${WEEKDAYS.join(', ')}.`);
    if (!Array.isArray(list)) return fail(`weekly.${day} must be a list of ["HH:MM", "HH:MM"] ranges.`);
    const parsed: TimeRange[] = [];
    let lastEnd = -1;
    const sorted = [...(list as unknown[])].sort((a, b) =>
      Array.isArray(a) && Array.isArray(b) ? String(a[0]).localeCompare(String(b[0])) : 0,
    );
    for (const range of sorted) {
      const [start, end] = Array.isArray(range) && range.length === 2 ? (range as unknown[]) : [];
      const from = typeof start === 'string' ? minutesOf(start) : undefined;
      const to = typeof end === 'string' ? minutesOf(end) : undefined;
      if (from === undefined || to === undefined || from >= to || from === 1440)
        return fail(
          `weekly.${day} has ${JSON.stringify(range)}; a range is ["HH:MM", "HH:MM"] from 00:00 to 24:00, start before end.`,
        );
      if (from < lastEnd) return fail(`weekly.${day} has overlapping ranges.`);
      lastEnd = to;
      parsed.push([start as string, end as string]);
    }
    days[day as Weekday] = parsed;
    ranges += parsed.length;
  }
  if (ranges === 0) return fail('weekly has no opening hours: the chat would never be open.');
  if (!Array.isArray(closed) || !closed.every((d): d is string => typeof d === 'string' && isDate(d)))
    return fail('closed must be a list of dates "YYYY-MM-DD", e.g. ["2026-12-24"].');
  return { timeZone, weekly: days, closed };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time in `zone` at `instant`, as milliseconds of a UTC date with the same fields. */
function wallClock(zone: string, instant: number): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  const f: Partial<Record<string, number>> = {};
  for (const part of format.formatToParts(instant)) f[part.type] = Number(part.value);
  const n = (type: string): number => f[type] ?? 0;
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) + (instant % 1000);
}

/** The instant at which the wall clock in `zone` shows `wall` (see the file's note on DST changes). */
function instantOf(zone: string, wall: number): number {
  const before = wall - (wallClock(zone, wall - DAY_MS) - (wall - DAY_MS));
  const after = wall - (wallClock(zone, wall + DAY_MS) - (wall + DAY_MS));
  const exact = [before, after].filter((t) => wallClock(zone, t) === wall);
  // Both exist in a repeated hour (take the earlier); neither in a skipped one (the offset before the change).
  return exact.length > 0 ? Math.min(...exact) : before;
}

/** The open intervals [start, end) of one local day (a UTC-midnight timestamp of its date). */
function intervalsOn(hours: BusinessHours, day: number): [number, number][] {
  const date = new Date(day).toISOString().slice(0, 10);
  if (hours.closed.includes(date)) return [];
  const ranges = hours.weekly[WEEKDAYS[new Date(day).getUTCDay()]!] ?? [];
  return ranges.map(([start, end]) => [
    instantOf(hours.timeZone, day + minutesOf(start)! * 60_000),
    instantOf(hours.timeZone, day + minutesOf(end)! * 60_000),
  ]);
}

/**
 * Open at `now` (milliseconds), or when it opens next. Searching ahead `closed.length + 8` days
 * always finds an opening: among that many days at least a whole week is not closed.
 */
export function scheduleStatus(hours: BusinessHours, now: number): ScheduleStatus {
  const wall = wallClock(hours.timeZone, now);
  const today = wall - (wall % DAY_MS);
  for (let i = -1; i <= hours.closed.length + 8; i++) {
    for (const [start, end] of intervalsOn(hours, today + i * DAY_MS)) {
      if (start <= now && now < end) return { open: true };
      if (start > now && end > start) return { open: false, nextOpenAt: start };
    }
  }
  return { open: false, nextOpenAt: Number.NaN };
}

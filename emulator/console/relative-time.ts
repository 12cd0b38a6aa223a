/** "just now", "5 min ago", "2 h ago", then the local date: how long ago a list entry last changed. */
import { useEffect, useState } from 'preact/hooks';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function relativeTime(iso: string, now: number): string {
  const at = Date.parse(iso);
  const ago = now - at;
  if (ago < 45_000) return 'just now';
  if (ago < HOUR) return `${Math.max(1, Math.round(ago / MINUTE))} min ago`;
  if (ago < 12 * HOUR) return `${Math.round(ago / HOUR)} h ago`;
  return new Date(at).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** The full local date and time (a tooltip). */
export function localDateTime(iso: string): string {
  return new Date(iso).toLocaleString();
}

/** The current time, renewed every `everyMs` (relative times stay true while the page is open). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

import { withoutBidiControls } from '../../contracts/untrusted-text.ts';

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/** The pre-engagement data Flex stored in the conversation's attributes, as label/value pairs (without direction controls). */
export function preEngagementEntries(attributes: unknown): [string, string][] {
  let value = attributes;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return [];
    }
  }
  const data = (value as { pre_engagement_data?: unknown } | null)?.pre_engagement_data;
  if (typeof data !== 'object' || data === null) return [];
  return flatEntries(data as Record<string, unknown>, '').map(([k, v]) => [
    withoutBidiControls(k),
    withoutBidiControls(v),
  ]);
}

/** Nested objects (the page's `context`: pageUrl, pageTitle…) as `context.pageUrl` rows, not "[object Object]". */
function flatEntries(data: Record<string, unknown>, prefix: string): [string, string][] {
  return Object.entries(data).flatMap(([key, value]): [string, string][] =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? flatEntries(value as Record<string, unknown>, `${prefix}${key}.`)
      : [[`${prefix}${key}`, Array.isArray(value) ? value.join(', ') : String(value)]],
  );
}

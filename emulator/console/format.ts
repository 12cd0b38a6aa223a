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
  return Object.entries(data as Record<string, unknown>).map(([k, v]) => [
    withoutBidiControls(k),
    withoutBidiControls(String(v)),
  ]);
}

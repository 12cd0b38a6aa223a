/**
 * The outbox as it is stored between page loads (session-store.ts) — apart from the outbox itself
 * (outbox.ts), which only the live chat needs: the first paint carries just this check.
 */

/** What survives a reload (files cannot be stored). */
export interface StoredOutboxItem {
  key: string;
  body: string;
  createdAt: number;
  /** The quick reply it answers (checked when the outbox is restored, in the chat chunk). */
  contentReply?: unknown;
}

export function isStoredOutbox(value: unknown): value is StoredOutboxItem[] {
  return (
    Array.isArray(value) &&
    value.every(
      (v) =>
        typeof v === 'object' &&
        v !== null &&
        typeof (v as StoredOutboxItem).key === 'string' &&
        typeof (v as StoredOutboxItem).body === 'string' &&
        typeof (v as StoredOutboxItem).createdAt === 'number',
    )
  );
}

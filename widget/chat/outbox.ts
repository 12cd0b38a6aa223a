/**
 * The outbox: messages the visitor wrote that the back end has not confirmed yet.
 * Pure state, no I/O. The controller sends `next()` one at a time (so delivery is in
 * order), and every message carries an idempotency key (`attributes.clientKey`): an item
 * whose key shows up in the conversation is done, whatever happened to its send call. An
 * item whose send ended without an answer is `uncertain`: before sending it again the
 * controller looks for its key among the latest messages, so it is delivered exactly once.
 */

import { asContentReply } from './content-reply.ts';
import type { StoredOutboxItem } from './stored-outbox.ts';
import type { ContentReply } from './types.ts';

export type { StoredOutboxItem };

export type OutboxStatus = 'queued' | 'sending' | 'uncertain' | 'sent' | 'failed';

export interface OutboxItem {
  key: string;
  body: string;
  file?: File;
  /** The quick reply this message answers (sent as attributes.contentReply). */
  contentReply?: ContentReply;
  status: OutboxStatus;
  attempts: number;
  createdAt: number;
}

export const MAX_SEND_ATTEMPTS = 5;

export function newClientKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class Outbox {
  private list: OutboxItem[] = [];

  constructor(
    stored: StoredOutboxItem[] = [],
    private readonly maxAttempts = MAX_SEND_ATTEMPTS,
  ) {
    // A stored item may have been sent before the reload without the page hearing back.
    for (const { key, body, createdAt, contentReply } of stored) {
      const item: OutboxItem = { key, body, createdAt, status: 'uncertain', attempts: 0 };
      const reply = asContentReply(contentReply);
      if (reply) item.contentReply = reply;
      this.list.push(item);
    }
  }

  get items(): readonly OutboxItem[] {
    return this.list;
  }

  add(body: string, file?: File, key = newClientKey(), now = Date.now(), contentReply?: ContentReply): OutboxItem {
    const item: OutboxItem = { key, body, status: 'queued', attempts: 0, createdAt: now };
    if (file) item.file = file;
    if (contentReply) item.contentReply = contentReply;
    this.list.push(item);
    return item;
  }

  /** The item to send now: the oldest undelivered one, unless a send is already in flight. */
  next(): OutboxItem | undefined {
    if (this.list.some((i) => i.status === 'sending')) return undefined;
    return this.list.find((i) => i.status === 'queued' || i.status === 'uncertain');
  }

  begin(key: string): void {
    const item = this.get(key);
    if (!item) return;
    item.status = 'sending';
    item.attempts += 1;
  }

  /** The back end accepted the send; the item stays (without a "Sending…" label) until its message arrives. */
  accepted(key: string): void {
    const item = this.get(key);
    if (item) item.status = 'sent';
  }

  /** The send ended without an answer (connection lost, timeout): try again later, after checking for duplicates. */
  interrupted(key: string): void {
    const item = this.get(key);
    if (!item) return;
    item.status = item.attempts >= this.maxAttempts ? 'failed' : 'uncertain';
  }

  /** The back end refused the message: it will not be delivered without the visitor's retry. */
  refused(key: string): void {
    const item = this.get(key);
    if (item) item.status = 'failed';
  }

  /** The visitor asked to try a failed item again: it goes to the end of the queue. */
  retry(key: string): void {
    const item = this.get(key);
    if (item?.status !== 'failed') return;
    this.list = this.list.filter((i) => i !== item);
    item.status = 'queued';
    item.attempts = 0;
    this.list.push(item);
  }

  remove(key: string): void {
    this.list = this.list.filter((i) => i.key !== key);
  }

  /** Drops every item whose message is in the conversation. Returns how many were dropped. */
  delivered(keys: Iterable<string>): number {
    const seen = new Set(keys);
    const before = this.list.length;
    this.list = this.list.filter((i) => !seen.has(i.key));
    return before - this.list.length;
  }

  get(key: string): OutboxItem | undefined {
    return this.list.find((i) => i.key === key);
  }

  /** The items worth keeping across a reload: text messages not known to be delivered. */
  toStored(): StoredOutboxItem[] {
    return this.list
      .filter((i) => !i.file && i.status !== 'failed')
      .map(({ key, body, createdAt, contentReply }) =>
        contentReply ? { key, body, createdAt, contentReply } : { key, body, createdAt },
      );
  }
}

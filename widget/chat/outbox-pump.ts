/**
 * Sends the visitor's messages for one live conversation: the outbox (widget/chat/outbox.ts)
 * drained one item at a time, in order, while connected; an uncertain send is looked for among
 * the latest messages before it is sent again; transient failures back off (1 s, 2 s, … 15 s).
 * Every change is saved to the tab's storage, so what was not delivered survives a reload.
 */
import { signal } from '@preact/signals';
import { Outbox, type OutboxItem } from './outbox.ts';
import type { SessionStore } from './session-store.ts';
import type { ChatMessage, ChatSession, ContentReply } from './types.ts';

const SEND_TIMEOUT_MS = 20_000;
/** A file's send may take this many times longer than a text's. */
const FILE_TIMEOUT_FACTOR = 6;
const MAX_BACKOFF_MS = 15_000;
/** How many of the latest messages are searched for an uncertain send's key. */
const DUPLICATE_CHECK_PAGE = 50;

/** The wait before the next try after `attempts` failed ones: 1 s, 2 s, 4 s … at most 15 s. */
export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

function isPermanentSendError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
}

export interface OutboxPumpOptions {
  session: Pick<ChatSession, 'conversationSid' | 'connection' | 'latest' | 'send'>;
  store: Pick<SessionStore, 'outbox' | 'saveOutbox'>;
  /** False once the conversation has ended: nothing more is sent. */
  canSend(): boolean;
  /** Messages found while looking for an uncertain send: the conversation merges the ones it lacks. */
  found(messages: ChatMessage[]): void;
}

export class OutboxPump {
  /** A copy of the outbox for the UI ("Sending…", "Not sent — Retry"). */
  readonly items = signal<readonly OutboxItem[]>([]);
  private readonly outbox: Outbox;
  private running = false;
  /** pump() was called while a drain was running: run again when it ends. */
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly options: OutboxPumpOptions) {
    this.outbox = new Outbox(options.store.outbox(options.session.conversationSid));
    this.publish();
  }

  add(body: string, file?: File, contentReply?: ContentReply): void {
    this.outbox.add(body, file, undefined, undefined, contentReply);
    this.publish();
    this.pump();
  }

  /** The visitor's "Retry" on a failed item. */
  retry(key: string): void {
    this.outbox.retry(key);
    this.publish();
    this.pump();
  }

  discard(key: string): void {
    this.outbox.remove(key);
    this.publish();
  }

  /** These keys are in the conversation: their items are done. */
  delivered(keys: Iterable<string>): void {
    if (this.outbox.delivered(keys) > 0) this.publish();
  }

  /** Sends queued messages one at a time, in order, while connected. */
  pump(): void {
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.again = false;
    void this.drain().finally(() => {
      this.running = false;
      if (this.again) this.pump();
    });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }

  private publish(): void {
    if (this.disposed) return;
    this.items.value = this.outbox.items.map((i) => ({ ...i }));
    this.options.store.saveOutbox(this.options.session.conversationSid, this.outbox.toStored());
  }

  private async drain(): Promise<void> {
    const { session } = this.options;
    for (;;) {
      if (this.disposed || !this.options.canSend() || session.connection() !== 'connected') return;
      const item = this.outbox.next();
      if (!item) return;
      if (item.status === 'uncertain') {
        // It may have reached the back end without us hearing back: look before sending again.
        try {
          const page = await withTimeout(session.latest(DUPLICATE_CHECK_PAGE), SEND_TIMEOUT_MS);
          this.options.found(page.messages);
          this.delivered(page.messages.flatMap((m) => (m.clientKey ? [m.clientKey] : [])));
        } catch {
          this.retryLater(item.attempts);
          return;
        }
        if (!this.outbox.get(item.key)) continue;
      }
      this.outbox.begin(item.key);
      this.publish();
      try {
        const message = {
          clientKey: item.key,
          body: item.body,
          ...(item.file ? { file: item.file } : {}),
          ...(item.contentReply ? { contentReply: item.contentReply } : {}),
        };
        await withTimeout(session.send(message), item.file ? SEND_TIMEOUT_MS * FILE_TIMEOUT_FACTOR : SEND_TIMEOUT_MS);
        this.outbox.accepted(item.key);
        this.publish();
      } catch (error) {
        const permanent = isPermanentSendError(error);
        if (permanent) this.outbox.refused(item.key);
        else this.outbox.interrupted(item.key);
        this.publish();
        if (!permanent) {
          this.retryLater(item.attempts);
          return;
        }
      }
    }
  }

  private retryLater(attempts: number): void {
    clearTimeout(this.timer);
    if (!this.disposed) this.timer = setTimeout(() => this.pump(), backoffMs(attempts));
  }
}

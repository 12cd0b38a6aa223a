/** One visitor's chat as the soak drives it, whether a widget in Chromium or an SDK client in Node. */
export interface SoakChat {
  /** e.g. "browser 1", "node 2" */
  readonly label: string;
  /** 1-based, the number in this chat's message tags. */
  readonly index: number;
  readonly kind: 'browser' | 'node';
  readonly conversationSid: string;
  readonly identity: string;
  /** Hands a message to the visitor's side (the widget's composer, the client's outbox); false when it could not be typed. */
  send(body: string): Promise<boolean>;
  /** The agent's messages of this chat as the visitor sees them now, in order; undefined when unreadable right now. */
  shown(): Promise<string[] | undefined>;
  /** What a person would do with a chat that does not recover: reload the page (or restart the client). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects after `ms` (for calls that could hang while the stack is down). */
export function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Where the widget keeps the visitor's session, draft, outbox and form values (iframe storage). */
import { isGrant, type SessionGrant } from '../../contracts/webchat-api.ts';
import { readJson, type KeyValueStore } from '../storage.ts';
import { isStoredOutbox, type StoredOutboxItem } from './stored-outbox.ts';

const PREFIX = 'flex-webchat:';
export const KEYS = {
  session: `${PREFIX}session`,
  draft: `${PREFIX}draft`,
  outbox: `${PREFIX}outbox`,
  visitor: `${PREFIX}visitor`,
  rated: `${PREFIX}rated`,
} as const;

export type VisitorValues = Record<string, string>;

function isVisitor(value: unknown): value is VisitorValues {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

/**
 * `store` (localStorage) holds what every tab of the site shares: the session and the
 * visitor's form values. `tab` (sessionStorage) holds what belongs to one tab and must
 * survive its reload: the draft and the outbox (two tabs must not send each other's outbox).
 */
export class SessionStore {
  constructor(
    readonly store: KeyValueStore,
    readonly tab: KeyValueStore = store,
  ) {}

  get persistent(): boolean {
    return this.store.persistent;
  }

  session(): SessionGrant | null {
    return readJson(this.store, KEYS.session, isGrant);
  }

  saveSession(grant: SessionGrant): void {
    this.store.set(KEYS.session, JSON.stringify(grant));
  }

  /** Forgets the conversation (the visitor's form values stay, to prefill the next form). */
  clearSession(): void {
    this.store.remove(KEYS.session);
    this.store.remove(KEYS.rated);
    this.tab.remove(KEYS.draft);
    this.tab.remove(KEYS.outbox);
  }

  /** Forgets everything (JS API `reset()`). */
  clearAll(): void {
    this.clearSession();
    this.store.remove(KEYS.visitor);
  }

  draft(): string {
    return this.tab.get(KEYS.draft) ?? '';
  }

  saveDraft(text: string): void {
    if (text) this.tab.set(KEYS.draft, text);
    else this.tab.remove(KEYS.draft);
  }

  outbox(conversationSid: string): StoredOutboxItem[] {
    const stored = readJson(
      this.tab,
      KEYS.outbox,
      (v): v is { conversationSid: string; items: unknown } =>
        typeof v === 'object' && v !== null && typeof (v as { conversationSid?: unknown }).conversationSid === 'string',
    );
    return stored?.conversationSid === conversationSid && isStoredOutbox(stored.items) ? stored.items : [];
  }

  saveOutbox(conversationSid: string, items: StoredOutboxItem[]): void {
    if (items.length === 0) this.tab.remove(KEYS.outbox);
    else this.tab.set(KEYS.outbox, JSON.stringify({ conversationSid, items }));
  }

  /** Whether the visitor already sent the post-chat survey for this conversation (not asked twice). */
  rated(conversationSid: string): boolean {
    return this.store.get(KEYS.rated) === conversationSid;
  }

  saveRated(conversationSid: string): void {
    this.store.set(KEYS.rated, conversationSid);
  }

  visitor(): VisitorValues {
    return readJson(this.store, KEYS.visitor, isVisitor) ?? {};
  }

  saveVisitor(values: VisitorValues): void {
    this.store.set(KEYS.visitor, JSON.stringify(values));
  }
}

/**
 * The widget's state and behaviour, independent of the DOM: the phases (form, connecting,
 * chat, ended), the message list, the outbox (in-order, exactly-once delivery), the read
 * horizon and unread count, typing, token refresh and what the loader is told.
 * It talks to the back end only through a ChatSession (widget/chat/types.ts).
 */
import { batch, computed, signal } from '@preact/signals';
import type { WidgetToHost } from '../../contracts/host-protocol.ts';
import type { InitRequest, SessionGrant } from '../../contracts/webchat-api.ts';
import type { FormField } from '../../contracts/widget-config.ts';
import { t } from '../i18n/index.ts';
import { ApiError, isSessionRefusal } from './api.ts';
import { Outbox, type OutboxItem } from './outbox.ts';
import type { SessionStore, VisitorValues } from './session-store.ts';
import type { ChatMessage, ChatSession, ConnectionStatus, OpenSession } from './types.ts';

export type Phase =
  | { kind: 'loading' }
  | { kind: 'form' }
  | { kind: 'connecting' }
  | { kind: 'chat' }
  | { kind: 'error'; message: string };

export interface InitErrorView {
  message: string;
  rateLimited: boolean;
}

export interface ControllerDeps {
  store: SessionStore;
  form: FormField[];
  twilsockUrl?: string;
  openSession: OpenSession;
  initChat(request: InitRequest): Promise<SessionGrant>;
  refreshToken(token: string, conversationSid: string): Promise<SessionGrant>;
  notifyHost(message: WidgetToHost): void;
  /** Is the page visible (document.visibilityState)? */
  pageVisible(): boolean;
  /** Gets the SDK ready ahead of time (modulepreload). */
  prefetchSdk(): void;
  now?(): number;
}

export const PAGE_SIZE = 30;
const SEND_TIMEOUT_MS = 20_000;
const REFRESH_MARGIN_MS = 60_000;
export const RECONNECTING_DELAY_MS = 1000;

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

export class ChatController {
  readonly phase = signal<Phase>({ kind: 'loading' });
  readonly initError = signal<InitErrorView | null>(null);
  readonly submitting = signal(false);
  readonly prefill = signal<VisitorValues>({});
  readonly messages = signal<ChatMessage[]>([]);
  readonly outboxItems = signal<readonly OutboxItem[]>([]);
  readonly connection = signal<ConnectionStatus>('connecting');
  /**
   * The "Reconnecting…" banner: on once the connection has been down for RECONNECTING_DELAY_MS,
   * so a blip (a token refresh that reconnects, a dropped socket back at once) goes unnoticed.
   */
  readonly reconnecting = signal(false);
  readonly ended = signal(false);
  readonly hasOlder = signal(false);
  readonly loadingOlder = signal(false);
  readonly typing = signal<Record<string, string>>({});
  readonly othersRead = signal<number | null>(null);
  readonly ownRead = signal<number | null>(null);
  readonly dividerBefore = signal<string | undefined>(undefined);
  readonly panelOpen = signal(false);
  readonly visible = signal(true);
  /** Bumped when a display name becomes known, so names re-render. */
  readonly namesVersion = signal(0);
  /** The latest polite announcement (inbound messages). */
  readonly announcement = signal('');
  readonly storageDenied: boolean;

  readonly identity = signal('');
  readonly unread = computed(() => {
    const horizon = this.ownRead.value ?? -1;
    const me = this.identity.value;
    return this.messages.value.filter((m) => m.index > horizon && m.author !== me).length;
  });

  private session: ChatSession | undefined;
  private unsubscribers: Array<() => void> = [];
  private outbox = new Outbox();
  private pumping = false;
  /** pump() was called while a drain was running: run again when it ends. */
  private pumpAgain = false;
  private pumpTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectingTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRequest: InitRequest | undefined;
  private lastUnreadSent = -1;
  private generation = 0;

  constructor(private readonly deps: ControllerDeps) {
    this.storageDenied = !deps.store.persistent;
    this.prefill.value = deps.store.visitor();
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  // ---- start-up --------------------------------------------------------------------------

  /** Resumes a stored session, or shows the form. */
  async boot(): Promise<void> {
    const grant = this.deps.store.session();
    if (!grant) {
      this.phase.value = { kind: 'form' };
      // Nothing to come back to (never started, or the storage is denied): the loader drops its
      // returning-visitor flag, so later page views do not load the widget for nothing.
      this.deps.notifyHost({ type: 'session', active: false });
      return;
    }
    await this.resume(grant);
  }

  private async resume(stored: SessionGrant): Promise<void> {
    this.phase.value = { kind: 'loading' };
    let grant = stored;
    if (Date.parse(grant.expiresAt) - this.now() < REFRESH_MARGIN_MS) {
      try {
        grant = await this.deps.refreshToken(grant.token, grant.conversationSid);
        this.deps.store.saveSession(grant);
      } catch (error) {
        if (isSessionRefusal(error)) return this.showEndedWithoutSession();
        this.phase.value = { kind: 'error', message: t('networkError') };
        return;
      }
    }
    await this.connect(grant);
  }

  /** Retries whatever failed last (resume or connect). */
  async retryConnect(): Promise<void> {
    const grant = this.deps.store.session();
    if (grant) await this.resume(grant);
    else this.phase.value = { kind: 'form' };
  }

  private showEndedWithoutSession(): void {
    batch(() => {
      this.ended.value = true;
      this.phase.value = { kind: 'chat' };
    });
    this.deps.notifyHost({ type: 'conversationEnded' });
    this.deps.notifyHost({ type: 'session', active: false });
  }

  /** Turns the form's values into the init request and starts the chat. */
  async submitForm(values: Record<string, string>): Promise<void> {
    const { friendlyName = '', question = '', ...rest } = values;
    const preEngagementData: Record<string, string> = {};
    for (const [key, value] of Object.entries(rest)) if (value.trim()) preEngagementData[key] = value.trim();
    const request: InitRequest = { friendlyName: friendlyName.trim() || t('defaultGuestName') };
    if (question.trim()) request.question = question.trim();
    if (Object.keys(preEngagementData).length > 0) request.preEngagementData = preEngagementData;
    const remembered: VisitorValues = { ...rest };
    if (friendlyName.trim()) remembered.friendlyName = friendlyName.trim();
    this.prefill.value = remembered;
    this.deps.store.saveVisitor(remembered);
    await this.start(request);
  }

  /** JS API setUser: prefill the form; with skipForm, start straight away. */
  setUser(user: Record<string, string | number | boolean | undefined>, skipForm: boolean): void {
    const values: VisitorValues = { ...this.prefill.value };
    for (const [k, v] of Object.entries(user)) if (v !== undefined) values[k] = String(v);
    this.prefill.value = values;
    if (skipForm && this.phase.value.kind === 'form' && !this.submitting.value) void this.submitForm(values);
  }

  async retryInit(): Promise<void> {
    if (this.lastRequest) await this.start(this.lastRequest);
  }

  private async start(request: InitRequest): Promise<void> {
    this.lastRequest = request;
    this.deps.prefetchSdk();
    batch(() => {
      this.submitting.value = true;
      this.initError.value = null;
    });
    let grant: SessionGrant;
    try {
      grant = await this.deps.initChat(request);
    } catch (error) {
      batch(() => {
        this.submitting.value = false;
        this.initError.value = this.describeInitError(error);
      });
      return;
    }
    this.deps.store.saveSession(grant);
    this.deps.notifyHost({ type: 'conversationStarted', conversationSid: grant.conversationSid });
    this.deps.notifyHost({ type: 'session', active: true });
    batch(() => {
      this.submitting.value = false;
      this.phase.value = { kind: 'connecting' };
    });
    await this.connect(grant, true);
  }

  private describeInitError(error: unknown): InitErrorView {
    if (error instanceof ApiError) {
      if (error.status === 429) {
        return {
          rateLimited: true,
          message: error.retryAfter ? t('rateLimited', { seconds: error.retryAfter }) : t('rateLimitedShort'),
        };
      }
      if (error.status === 0) return { rateLimited: false, message: t('networkError') };
      return { rateLimited: false, message: error.message ? `${t('initFailed')} ${error.message}` : t('initFailed') };
    }
    return { rateLimited: false, message: t('initFailed') };
  }

  // ---- the conversation -----------------------------------------------------------------

  /** `fresh`: a chat the visitor just started while watching (no "New messages" divider). */
  private async connect(grant: SessionGrant, fresh = false): Promise<void> {
    const generation = ++this.generation;
    this.identity.value = grant.identity;
    let session: ChatSession;
    try {
      session = await this.deps.openSession({
        identity: grant.identity,
        conversationSid: grant.conversationSid,
        token: grant.token,
        ...(this.deps.twilsockUrl ? { twilsockUrl: this.deps.twilsockUrl } : {}),
        refreshToken: () => this.refresh(),
      });
    } catch (error) {
      if (generation !== this.generation) return;
      if (isSessionRefusal(error)) return this.showEndedWithoutSession();
      this.phase.value = { kind: 'error', message: t('networkError') };
      return;
    }
    if (generation !== this.generation) {
      void session.close();
      return;
    }
    this.session = session;
    this.outbox = new Outbox(this.deps.store.outbox(grant.conversationSid));
    this.listen(session);
    let page;
    try {
      page = await session.latest(PAGE_SIZE);
    } catch {
      page = { messages: [], hasOlder: false };
    }
    if (generation !== this.generation) return;
    const state = session.state();
    batch(() => {
      this.messages.value = page.messages;
      this.hasOlder.value = page.hasOlder;
      this.setConnection(session.connection());
      this.othersRead.value = session.othersReadIndex();
      this.ownRead.value = session.ownReadIndex();
      this.ended.value = state !== 'active';
      this.phase.value = { kind: 'chat' };
    });
    this.outbox.delivered(page.messages.flatMap((m) => (m.clientKey ? [m.clientKey] : [])));
    this.syncOutbox();
    if (this.ended.value) {
      this.deps.notifyHost({ type: 'conversationEnded' });
      this.deps.notifyHost({ type: 'session', active: false });
    } else {
      this.deps.notifyHost({ type: 'session', active: true });
    }
    if (!fresh) this.placeDivider();
    this.updateReadHorizon();
    this.reportUnread();
    this.pump();
  }

  private listen(session: ChatSession): void {
    this.unsubscribers.push(
      session.on('message', (m) => this.onMessage(m)),
      session.on('connection', (status) => {
        this.setConnection(status);
        if (status === 'connected') this.pump();
      }),
      session.on('typing', ({ identity, name, typing }) => {
        const next = { ...this.typing.value };
        if (typing) next[identity] = name;
        else delete next[identity];
        this.typing.value = next;
      }),
      session.on('read', (index) => (this.othersRead.value = index)),
      session.on('state', (state) => {
        if (state !== 'active') this.end();
      }),
      session.on('name', () => (this.namesVersion.value += 1)),
      session.on('expired', () => this.end()),
    );
  }

  private onMessage(message: ChatMessage): void {
    const list = this.messages.value;
    if (list.some((m) => m.sid === message.sid)) return;
    const next = [...list, message].sort((a, b) => a.index - b.index);
    const own = message.author === this.identity.value;
    batch(() => {
      this.messages.value = next;
      if (message.clientKey && this.outbox.delivered([message.clientKey]) > 0) this.syncOutbox();
      if (!own) {
        const name = this.displayName(message.author);
        const file = message.media[0]?.filename;
        this.announcement.value = message.body
          ? t('messageFrom', { name, body: message.body })
          : t('attachmentFrom', { name, file: file ?? '' });
        const typing = { ...this.typing.value };
        delete typing[message.author];
        this.typing.value = typing;
      }
    });
    if (!own) this.deps.notifyHost({ type: 'message', author: this.displayName(message.author), body: message.body });
    this.updateReadHorizon();
    this.reportUnread();
  }

  private setConnection(status: ConnectionStatus): void {
    this.connection.value = status;
    if (status === 'connected') {
      clearTimeout(this.reconnectingTimer);
      this.reconnectingTimer = undefined;
      this.reconnecting.value = false;
    } else if (!this.reconnectingTimer && !this.reconnecting.value) {
      this.reconnectingTimer = setTimeout(() => {
        this.reconnectingTimer = undefined;
        this.reconnecting.value = this.connection.value !== 'connected';
      }, RECONNECTING_DELAY_MS);
    }
  }

  displayName(identity: string): string {
    if (identity === this.identity.value) return t('you');
    return this.session?.displayName(identity) ?? identity;
  }

  async loadOlder(): Promise<void> {
    const session = this.session;
    const first = this.messages.value[0];
    if (!session || !first || !this.hasOlder.value || this.loadingOlder.value) return;
    this.loadingOlder.value = true;
    try {
      const page = await session.older(first.index, PAGE_SIZE);
      const known = new Set(this.messages.value.map((m) => m.sid));
      batch(() => {
        this.messages.value = [...page.messages.filter((m) => !known.has(m.sid)), ...this.messages.value];
        this.hasOlder.value = page.hasOlder;
      });
    } finally {
      this.loadingOlder.value = false;
    }
  }

  mediaUrl(message: ChatMessage, index: number): Promise<string> {
    const media = message.media[index];
    if (!this.session || !media) return Promise.reject(new Error('no media'));
    return this.session.mediaUrl(message, media);
  }

  /** The SDK's per-file limit from its connect-time configuration, once connected. */
  sdkMaxFileBytes(): number | null {
    return this.session?.limits().maxFileBytes ?? null;
  }

  composing(): void {
    if (this.connection.value === 'connected' && !this.ended.value) this.session?.typing();
  }

  // ---- sending ----------------------------------------------------------------------------

  send(body: string, file?: File): void {
    if (this.ended.value) return;
    this.outbox.add(body, file);
    this.dividerBefore.value = undefined;
    this.syncOutbox();
    this.pump();
  }

  retry(key: string): void {
    this.outbox.retry(key);
    this.syncOutbox();
    this.pump();
  }

  discard(key: string): void {
    this.outbox.remove(key);
    this.syncOutbox();
  }

  private syncOutbox(): void {
    this.outboxItems.value = [...this.outbox.items.map((i) => ({ ...i }))];
    const sid = this.deps.store.session()?.conversationSid ?? this.session?.conversationSid;
    if (sid) this.deps.store.saveOutbox(sid, this.outbox.toStored());
  }

  /** Sends queued messages one at a time, in order, while connected. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    this.pumpAgain = false;
    void this.drain().finally(() => {
      this.pumping = false;
      if (this.pumpAgain) this.pump();
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const session = this.session;
      if (!session || this.ended.value || session.connection() !== 'connected') return;
      const item = this.outbox.next();
      if (!item) return;
      if (item.status === 'uncertain') {
        // It may have reached the back end without us hearing back: look before sending again.
        try {
          const page = await withTimeout(session.latest(50), SEND_TIMEOUT_MS);
          const seen = page.messages.flatMap((m) => (m.clientKey ? [m.clientKey] : []));
          for (const m of page.messages) if (!this.messages.value.some((x) => x.sid === m.sid)) this.onMessage(m);
          if (this.outbox.delivered(seen) > 0) this.syncOutbox();
        } catch {
          this.schedulePump(item.attempts);
          return;
        }
        if (!this.outbox.get(item.key)) continue;
      }
      this.outbox.begin(item.key);
      this.syncOutbox();
      try {
        const message = { clientKey: item.key, body: item.body, ...(item.file ? { file: item.file } : {}) };
        await withTimeout(session.send(message), item.file ? SEND_TIMEOUT_MS * 6 : SEND_TIMEOUT_MS);
        this.outbox.accepted(item.key);
        this.syncOutbox();
      } catch (error) {
        if (isPermanentSendError(error)) this.outbox.refused(item.key);
        else this.outbox.interrupted(item.key);
        this.syncOutbox();
        if (!isPermanentSendError(error)) {
          this.schedulePump(item.attempts);
          return;
        }
      }
    }
  }

  private schedulePump(attempts: number): void {
    clearTimeout(this.pumpTimer);
    this.pumpTimer = setTimeout(() => this.pump(), Math.min(1000 * 2 ** Math.max(0, attempts - 1), 15_000));
  }

  // ---- token ------------------------------------------------------------------------------

  private async refresh(): Promise<string> {
    const current = this.deps.store.session();
    if (!current) throw new ApiError(401, 'session_expired', '');
    const grant = await this.deps.refreshToken(current.token, current.conversationSid);
    this.deps.store.saveSession(grant);
    return grant.token;
  }

  // ---- panel, read horizon, unread --------------------------------------------------------

  setPanelOpen(open: boolean): void {
    if (open === this.panelOpen.value) return;
    this.panelOpen.value = open;
    if (open) {
      this.deps.prefetchSdk();
      this.placeDivider();
      this.updateReadHorizon();
    }
  }

  setVisible(visible: boolean): void {
    this.visible.value = visible;
    this.updateReadHorizon();
  }

  /** Puts "New messages" before the first unread inbound message (when the panel opens). */
  private placeDivider(): void {
    if (!this.panelOpen.value) return;
    const horizon = this.ownRead.value ?? -1;
    const first = this.messages.value.find((m) => m.index > horizon && m.author !== this.identity.value);
    this.dividerBefore.value = first?.sid;
  }

  /** Advances the visitor's read horizon, only while the panel is open and the page visible. */
  updateReadHorizon(): void {
    const session = this.session;
    const last = this.messages.value[this.messages.value.length - 1];
    if (!session || !last || !this.panelOpen.value || !this.visible.value || !this.deps.pageVisible()) return;
    if ((this.ownRead.value ?? -1) >= last.index) return;
    this.ownRead.value = last.index;
    void session.markRead(last.index).catch(() => undefined);
    this.reportUnread();
  }

  private reportUnread(): void {
    const count = this.unread.value;
    if (count === this.lastUnreadSent) return;
    this.lastUnreadSent = count;
    this.deps.notifyHost({ type: 'unreadChange', count });
  }

  // ---- the end ----------------------------------------------------------------------------

  private end(): void {
    if (this.ended.value) return;
    batch(() => {
      this.ended.value = true;
      this.typing.value = {};
    });
    this.deps.notifyHost({ type: 'conversationEnded' });
    this.deps.notifyHost({ type: 'session', active: false });
  }

  /** "Start new chat": forget the old conversation, show the form prefilled. */
  async startNew(): Promise<void> {
    await this.teardown();
    this.deps.store.clearSession();
    batch(() => {
      this.prefill.value = this.deps.store.visitor();
      this.phase.value = { kind: 'form' };
    });
  }

  /** JS API reset(): forget everything. */
  async reset(): Promise<void> {
    const hadSession = this.deps.store.session() !== null;
    await this.teardown();
    this.deps.store.clearAll();
    batch(() => {
      this.prefill.value = {};
      this.phase.value = { kind: 'form' };
    });
    if (hadSession) this.deps.notifyHost({ type: 'session', active: false });
  }

  private async teardown(): Promise<void> {
    this.generation += 1;
    clearTimeout(this.pumpTimer);
    clearTimeout(this.reconnectingTimer);
    this.reconnectingTimer = undefined;
    for (const off of this.unsubscribers.splice(0)) off();
    const session = this.session;
    this.session = undefined;
    this.outbox = new Outbox();
    batch(() => {
      this.messages.value = [];
      this.outboxItems.value = [];
      this.ended.value = false;
      this.hasOlder.value = false;
      this.typing.value = {};
      this.reconnecting.value = false;
      this.othersRead.value = null;
      this.ownRead.value = null;
      this.dividerBefore.value = undefined;
      this.initError.value = null;
      this.announcement.value = '';
    });
    this.lastUnreadSent = -1;
    this.reportUnread();
    await session?.close().catch(() => undefined);
  }
}

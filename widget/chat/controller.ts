/**
 * The widget's phase machine, independent of the DOM: loading → form → connecting → chat (one
 * LiveConversation per connection, widget/chat/live-conversation.ts), or ended / error; the
 * session's lifecycle (start, resume, token refresh, start new, reset) and everything the
 * loader is told. Failures are codes (`InitFailure`, `ConnectFailure`): the UI words them.
 * It talks to the back end only through a ChatSession (widget/chat/types.ts).
 */
import { batch, signal } from '@preact/signals';
import type { WidgetToHost } from '../../loader/protocol.ts';
import { t } from '../i18n/index.ts';
import { ApiError, isSessionRefusal, type InitRequest, type SessionGrant } from './api.ts';
import type { LiveConversation } from './live-conversation.ts';
import type { SessionStore, VisitorValues } from './session-store.ts';
import type { OpenSession } from './types.ts';

/** Why the chat could not be started (shown on the form, with Retry). */
export type InitFailure =
  | { code: 'rate_limited'; retryAfter?: number }
  | { code: 'unreachable' }
  /** The server refused or failed; `detail` is its message (may be empty). */
  | { code: 'refused'; detail: string };

/** Why a stored session could not be resumed or connected (shown with Retry). */
export type ConnectFailure = { code: 'unreachable' };

export type Phase =
  | { kind: 'loading' }
  | { kind: 'form'; failure?: InitFailure }
  | { kind: 'connecting' }
  | { kind: 'chat'; conversation: LiveConversation }
  /** The server refused the stored session: nothing to show but "ended" and "Start new chat". */
  | { kind: 'ended' }
  | { kind: 'error'; failure: ConnectFailure };

export interface ControllerDeps {
  store: SessionStore;
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

const REFRESH_MARGIN_MS = 60_000;

export function initFailure(error: unknown): InitFailure {
  if (!(error instanceof ApiError)) return { code: 'refused', detail: '' };
  if (error.status === 429) return error.retryAfter ? { code: 'rate_limited', retryAfter: error.retryAfter } : { code: 'rate_limited' };
  if (error.status === 0) return { code: 'unreachable' };
  return { code: 'refused', detail: error.message };
}

export class ChatController {
  readonly phase = signal<Phase>({ kind: 'loading' });
  /** The form's init request is under way. */
  readonly submitting = signal(false);
  readonly prefill = signal<VisitorValues>({});
  readonly panelOpen = signal(false);
  readonly visible = signal(true);
  readonly storageDenied: boolean;

  private live: LiveConversation | undefined;
  /** The connect under way; aborted by teardown. */
  private connecting: AbortController | undefined;
  private lastRequest: InitRequest | undefined;
  private unreadSent = -1;

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
        this.connectFailed(error);
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
      this.phase.value = { kind: 'form' };
    });
    let grant: SessionGrant;
    try {
      grant = await this.deps.initChat(request);
    } catch (error) {
      batch(() => {
        this.submitting.value = false;
        this.phase.value = { kind: 'form', failure: initFailure(error) };
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

  // ---- the connection ---------------------------------------------------------------------

  /** `fresh`: a chat the visitor just started while watching (no "New messages" divider). */
  private async connect(grant: SessionGrant, fresh = false): Promise<void> {
    this.connecting?.abort();
    const attempt = new AbortController();
    this.connecting = attempt;
    let live: LiveConversation;
    try {
      // The live conversation's code is a lazy chunk (with the SDK, not in the first paint).
      const [session, { LiveConversation }] = await Promise.all([
        this.deps.openSession({
          identity: grant.identity,
          conversationSid: grant.conversationSid,
          token: grant.token,
          ...(this.deps.twilsockUrl ? { twilsockUrl: this.deps.twilsockUrl } : {}),
          refreshToken: () => this.refreshToken(),
        }),
        import('./live-conversation.ts'),
      ]);
      if (attempt.signal.aborted) return void session.close().catch(() => undefined);
      live = await LiveConversation.load(session, {
        store: this.deps.store,
        panelOpen: () => this.panelOpen.value,
        canSee: () => this.panelOpen.value && this.visible.value && this.deps.pageVisible(),
        events: {
          inbound: (author, body) => this.deps.notifyHost({ type: 'message', author, body }),
          ended: () => this.conversationEnded(),
          unreadChanged: (count) => this.reportUnread(count),
        },
      });
    } catch (error) {
      if (!attempt.signal.aborted) this.connectFailed(error);
      return;
    }
    if (attempt.signal.aborted) return void live.dispose();
    this.connecting = undefined;
    this.live = live;
    this.phase.value = { kind: 'chat', conversation: live };
    if (live.ended.value) this.conversationEnded();
    else this.deps.notifyHost({ type: 'session', active: true });
    live.start(fresh);
  }

  private connectFailed(error: unknown): void {
    if (isSessionRefusal(error)) {
      this.phase.value = { kind: 'ended' };
      this.conversationEnded();
    } else {
      this.phase.value = { kind: 'error', failure: { code: 'unreachable' } };
    }
  }

  /** The SDK's token is about to expire: a new one from the server, kept for the next page view. */
  private async refreshToken(): Promise<string> {
    const current = this.deps.store.session();
    if (!current) throw new ApiError(401, 'session_expired', '');
    const grant = await this.deps.refreshToken(current.token, current.conversationSid);
    this.deps.store.saveSession(grant);
    return grant.token;
  }

  // ---- what the loader is told ------------------------------------------------------------

  /** The only place the loader hears that the conversation ended. */
  private conversationEnded(): void {
    this.deps.notifyHost({ type: 'conversationEnded' });
    this.deps.notifyHost({ type: 'session', active: false });
  }

  private reportUnread(count: number): void {
    if (count === this.unreadSent) return;
    this.unreadSent = count;
    this.deps.notifyHost({ type: 'unreadChange', count });
  }

  // ---- panel and page ---------------------------------------------------------------------

  setPanelOpen(open: boolean): void {
    if (open === this.panelOpen.value) return;
    this.panelOpen.value = open;
    if (open) {
      this.deps.prefetchSdk();
      this.live?.reads.placeDivider();
      this.live?.reads.advance();
    }
  }

  setVisible(visible: boolean): void {
    this.visible.value = visible;
    this.live?.reads.advance();
  }

  // ---- the end ----------------------------------------------------------------------------

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
    this.connecting?.abort();
    this.connecting = undefined;
    const live = this.live;
    this.live = undefined;
    this.unreadSent = -1;
    this.reportUnread(0);
    await live?.dispose();
  }
}

/**
 * The widget's phase machine, independent of the DOM: loading → form → connecting → chat (one
 * LiveConversation per connection, widget/chat/live-conversation.ts), or ended / error; the
 * session's lifecycle (start, resume, start new, reset) and when the loader is told what
 * (widget/chat/host-notices.ts). Failures are codes (`InitFailure`, `ConnectFailure`): the UI words them.
 * It talks to the back end only through a ChatSession (widget/chat/types.ts).
 */
import { batch, signal } from '@preact/signals';
import type { WidgetToHost } from '../../contracts/host-protocol.ts';
import type { InitRequest, SessionGrant } from '../../contracts/webchat-api.ts';
import { t } from '../i18n/index.ts';
import { isSessionRefusal } from './api.ts';
import { initFailure, type ConnectFailure, type InitFailure } from './failures.ts';
import type { GrantRefresher, PageWakeups } from './grant-refresher.ts';
import { HostNotices } from './host-notices.ts';
import { initRequestFrom } from './init-request.ts';
import type { LiveConversation } from './live-conversation.ts';
import type { SessionStore, VisitorValues } from './session-store.ts';
import type { EndReason, OpenSession, SurveySession } from './types.ts';
import type { PastMessage } from '../../contracts/previous-conversations.ts';

/** The longest a resume holds the SDK back for the latest messages' preview (their request and render). */
const PREVIEW_HEAD_START_MS = 300;

export type Phase =
  | { kind: 'loading' }
  | { kind: 'form'; failure?: InitFailure }
  | { kind: 'connecting' }
  | { kind: 'chat'; conversation: LiveConversation }
  /** The server refused the stored session: nothing to show but why, and "Start new chat". */
  | { kind: 'ended'; reason: EndReason }
  | { kind: 'error'; failure: ConnectFailure };

export interface ControllerDeps {
  store: SessionStore;
  twilsockUrl?: string;
  /** The account's Twilio region when not US1 (for the SDK). */
  region?: string;
  openSession: OpenSession;
  initChat(request: InitRequest): Promise<SessionGrant>;
  refreshToken(token: string, conversationSid: string): Promise<SessionGrant>;
  /**
   * The latest messages of the stored conversation over REST (POST /api/webchat/recent), shown while
   * the SDK connects; optional (without it a resume shows "Loading…" until the live view).
   */
  recentMessages?: (token: string, conversationSid: string) => Promise<PastMessage[]>;
  /**
   * Settles once the host page has said what it knows at start (framed: the handshake, which tells
   * whether the panel is already open), or at once. A resume connects the SDK only after it.
   */
  hostReady?: Promise<void>;
  /** The visitor ends the chat (POST /api/webchat/end). */
  endChat(token: string, conversationSid: string): Promise<unknown>;
  notifyHost(message: WidgetToHost): void;
  /** Is the page visible (document.visibilityState)? */
  pageVisible(): boolean;
  /**
   * Gets the SDK and the chat view ready ahead of time (modulepreload): `now` when a chat starts,
   * `whenIdle` when the panel opens (after the form is on screen, not competing with it).
   */
  prefetchSdk(when: 'now' | 'whenIdle'): void;
  /** The page came back online or into view: a token renewal waiting to retry tries at once. */
  pageWakeups?: PageWakeups;
  now?(): number;
}

export class ChatController {
  readonly phase = signal<Phase>({ kind: 'loading' });
  /** The form's init request is under way. */
  readonly submitting = signal(false);
  readonly prefill = signal<VisitorValues>({});
  readonly panelOpen = signal(false);
  readonly visible = signal(true);
  /** The host page passed an identity token (setUser's identityToken) and has not reset since. */
  readonly verifiedCustomer = signal(false);
  /** The Turnstile token of the form's check (widget/ui/BotCheck.tsx, which clears it once an init used it up). */
  readonly botCheckToken = signal<string | undefined>(undefined);
  readonly storageDenied: boolean;
  /**
   * A resuming visitor's latest messages, read-only, while the live conversation connects (phase
   * `loading`): fetched once the panel is open, dropped when the resume ends either way.
   */
  readonly recent = signal<PastMessage[] | undefined>(undefined);

  private live: LiveConversation | undefined;
  /** The current connection, from connect to teardown: aborting it stops a connect under way and the token renewal. */
  private connection: AbortController | undefined;
  private lastRequest: InitRequest | undefined;
  private grantsLoading: Promise<GrantRefresher> | undefined;
  /** What the host page said (setUser's identityToken, setContext) for the next init. */
  private readonly fromHost: Pick<InitRequest, 'identityToken' | 'context'> = {};
  private readonly host: HostNotices;

  constructor(private readonly deps: ControllerDeps) {
    this.storageDenied = !deps.store.persistent;
    this.prefill.value = deps.store.visitor();
    this.host = new HostNotices((message) => deps.notifyHost(message));
  }

  /**
   * The token renewal, a lazy chunk: a resume and a connection need it, the form (the first
   * paint) does not. A chunk that failed to load is asked for again next time.
   */
  private grants(): Promise<GrantRefresher> {
    const { deps } = this;
    this.grantsLoading ??= import('./grant-refresher.ts').then(
      ({ GrantRefresher }) =>
        new GrantRefresher({
          store: deps.store,
          refresh: (token, sid) => deps.refreshToken(token, sid),
          now: () => deps.now?.() ?? Date.now(),
          ...(deps.pageWakeups ? { wakeups: deps.pageWakeups } : {}),
        }),
      (error: unknown) => {
        this.grantsLoading = undefined;
        throw error;
      },
    );
    return this.grantsLoading;
  }

  // ---- start-up --------------------------------------------------------------------------

  /** Resumes a stored session, or shows the form. */
  async boot(): Promise<void> {
    const grant = this.deps.store.session();
    if (!grant) {
      this.phase.value = { kind: 'form' };
      // Nothing to come back to (never started, or the storage is denied): the loader drops its
      // returning-visitor flag, so later page views do not load the widget for nothing.
      this.host.active(false);
      return;
    }
    await this.resume(grant);
  }

  private async resume(stored: SessionGrant): Promise<void> {
    this.phase.value = { kind: 'loading' };
    const previewShown = this.previewWhenOpen(stored);
    const hostReady = this.deps.hostReady ?? Promise.resolve();
    // The SDK chunk and the chat view are fetched while the grant is checked, once the host said
    // whether the visitor is looking: then the request for their latest messages has gone first (the
    // chunks are a dozen, and a browser has six connections to the server).
    void hostReady.then(() => this.deps.prefetchSdk('now'));
    let grant: SessionGrant;
    try {
      grant = await (await this.grants()).upToDate(stored);
    } catch (error) {
      this.stopPreview();
      return this.connectFailed(error);
    }
    // Evaluating the SDK holds the main thread for tens of ms (more on a slow device): a visitor who
    // is looking sees their latest messages first, unless the server is slow to send them.
    await hostReady;
    if (this.panelOpen.value)
      await Promise.race([previewShown, new Promise((resolve) => setTimeout(resolve, PREVIEW_HEAD_START_MS))]);
    await this.connect(grant);
    this.stopPreview();
  }

  /** Stops the preview of a resume: no fetch starts later, and what it showed goes. */
  private stopPreview: () => void = () => undefined;

  /**
   * The latest messages of the stored conversation, over REST, to show while the SDK connects — only
   * once the visitor looks (the panel open): a returning visitor's widget also boots with it closed.
   * The stored token serves as it is (the server accepts it within the resume window, as a refresh).
   */
  private previewWhenOpen(stored: SessionGrant): Promise<void> {
    this.stopPreview();
    const fetchRecent = this.deps.recentMessages;
    if (!fetchRecent) return Promise.resolve();
    let current = true;
    let shown: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => (shown = resolve));
    const fetchOnce = (): void => {
      stopWatching();
      fetchRecent(stored.token, stored.conversationSid)
        .then(
          (messages) => {
            if (current && this.phase.value.kind === 'loading' && messages.length > 0) this.recent.value = messages;
          },
          () => undefined, // only a preview: the live view says what went wrong, if anything did
        )
        // Rendered (the view re-renders before the next task), then the SDK may have the main thread.
        .finally(() => setTimeout(shown));
    };
    let stopWatching: () => void = () => undefined;
    if (this.panelOpen.value) fetchOnce();
    else stopWatching = this.panelOpen.subscribe((open) => open && fetchOnce());
    this.stopPreview = () => {
      current = false;
      stopWatching();
      shown();
      this.recent.value = undefined;
    };
    return settled;
  }

  /** Retries whatever failed last (resume or connect). */
  async retryConnect(): Promise<void> {
    const grant = this.deps.store.session();
    if (grant) await this.resume(grant);
    else this.phase.value = { kind: 'form' };
  }

  /** Turns the form's values into the init request and starts the chat. */
  async submitForm(values: Record<string, string>): Promise<void> {
    const { request, remembered } = initRequestFrom(values, t('defaultGuestName'));
    this.prefill.value = remembered;
    this.deps.store.saveVisitor(remembered);
    await this.start(request);
  }

  /** JS API setContext (merged by the loader, with the page's address and title): the next init's `context`. */
  setContext(context: InitRequest['context']): void {
    this.fromHost.context = context;
  }

  /** JS API setUser: prefill the form; with skipForm, start straight away. A new identity token replaces the last. */
  setUser(
    user: Record<string, string | number | boolean | undefined>,
    skipForm: boolean,
    identityToken?: string,
  ): void {
    if (identityToken !== undefined) {
      this.fromHost.identityToken = identityToken;
      this.verifiedCustomer.value = true;
    }
    const values: VisitorValues = { ...this.prefill.value };
    for (const [k, v] of Object.entries(user)) if (v !== undefined) values[k] = String(v);
    this.prefill.value = values;
    if (skipForm && this.phase.value.kind === 'form' && !this.submitting.value) void this.submitForm(values);
  }

  /** The identity token the host page passed last (for the previous conversations), if any. */
  identityToken(): string | undefined {
    return this.fromHost.identityToken;
  }

  async retryInit(): Promise<void> {
    if (this.lastRequest) await this.start(this.lastRequest);
  }

  private async start(request: InitRequest): Promise<void> {
    request = { ...request, ...this.fromHost };
    this.lastRequest = request;
    this.deps.prefetchSdk('now');
    batch(() => {
      this.submitting.value = true;
      this.phase.value = { kind: 'form' };
    });
    let grant: SessionGrant;
    try {
      // Without a bot check the token is undefined, and JSON leaves it out.
      grant = await this.deps.initChat({ ...request, turnstileToken: this.botCheckToken.value });
    } catch (error) {
      batch(() => {
        this.submitting.value = false;
        this.phase.value = { kind: 'form', failure: initFailure(error) };
      });
      return;
    }
    this.deps.store.saveSession(grant);
    this.host.started(grant.conversationSid);
    batch(() => {
      this.submitting.value = false;
      this.phase.value = { kind: 'connecting' };
    });
    await this.connect(grant, true);
  }

  // ---- the connection ---------------------------------------------------------------------

  /** `fresh`: a chat the visitor just started while watching (no "New messages" divider). */
  private async connect(grant: SessionGrant, fresh = false): Promise<void> {
    this.connection?.abort();
    const attempt = new AbortController();
    this.connection = attempt;
    let live: LiveConversation;
    try {
      // The live conversation's code is a lazy chunk (with the SDK, not in the first paint).
      const [session, { LiveConversation }] = await Promise.all([
        this.deps.openSession({
          identity: grant.identity,
          conversationSid: grant.conversationSid,
          token: grant.token,
          twilsockUrl: this.deps.twilsockUrl,
          region: this.deps.region,
          refreshToken: async () => (await this.grants()).renewToken(attempt.signal),
        }),
        import('./live-conversation.ts'),
      ]);
      if (attempt.signal.aborted) return void session.close().catch(() => undefined);
      live = await LiveConversation.load(session, {
        store: this.deps.store,
        panelOpen: () => this.panelOpen.value,
        canSee: () => this.panelOpen.value && this.visible.value && this.deps.pageVisible(),
        events: this.host,
      });
    } catch (error) {
      if (!attempt.signal.aborted) this.connectFailed(error);
      return;
    }
    if (attempt.signal.aborted) return void live.dispose();
    this.live = live;
    this.phase.value = { kind: 'chat', conversation: live };
    if (live.ended.value) this.host.ended();
    else this.host.active(true);
    live.start(fresh);
  }

  private connectFailed(error: unknown): void {
    if (isSessionRefusal(error)) {
      this.phase.value = { kind: 'ended', reason: 'sessionExpired' };
      this.host.ended();
    } else {
      this.phase.value = { kind: 'error', failure: { code: 'unreachable' } };
    }
  }

  // ---- panel and page ---------------------------------------------------------------------

  setPanelOpen(open: boolean): void {
    if (open === this.panelOpen.value) return;
    this.panelOpen.value = open;
    if (open) {
      this.deps.prefetchSdk('whenIdle');
      this.live?.reads.placeDivider();
      this.live?.reads.advance();
    }
  }

  setVisible(visible: boolean): void {
    this.visible.value = visible;
    this.live?.reads.advance();
  }

  // ---- the end ----------------------------------------------------------------------------

  /**
   * The visitor ends the chat: the server closes the conversation, then the ended view shows (the
   * SDK's state change would show it too, a moment later). False when it could not be ended.
   */
  async endChat(): Promise<boolean> {
    const live = this.live;
    const grant = this.deps.store.session();
    if (!live || !grant || live.ended.value) return live?.ended.value ?? false;
    try {
      await this.deps.endChat(grant.token, grant.conversationSid);
    } catch (error) {
      // The server refused the session: it cannot continue either way.
      if (!isSessionRefusal(error)) return false;
    }
    live.end();
    return true;
  }

  /**
   * The post-chat survey's view of the session: its grant (the server accepts it after the close),
   * and whether this conversation was already rated (a reload does not ask again).
   */
  readonly survey: SurveySession = {
    grant: () => this.deps.store.session(),
    answered: () => {
      const grant = this.deps.store.session();
      return grant !== null && this.deps.store.rated(grant.conversationSid);
    },
    markAnswered: () => {
      const grant = this.deps.store.session();
      if (grant) this.deps.store.saveRated(grant.conversationSid);
    },
  };

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
    delete this.fromHost.identityToken; // the customer signed out
    this.verifiedCustomer.value = false;
    batch(() => {
      this.prefill.value = {};
      this.phase.value = { kind: 'form' };
    });
    if (hadSession) this.host.active(false);
  }

  private async teardown(): Promise<void> {
    this.connection?.abort();
    this.connection = undefined;
    const live = this.live;
    this.live = undefined;
    this.host.clearUnread();
    await live?.dispose();
  }
}

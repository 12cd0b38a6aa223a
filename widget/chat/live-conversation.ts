/**
 * One connected conversation, from connect to teardown: its messages (merged by index, without
 * duplicates), older pages, connection status and the "Reconnecting…" banner, typing, the
 * others' read receipts, display names, whether it has ended; with its outbox pump
 * (widget/chat/outbox-pump.ts) and read tracker (widget/chat/read-tracker.ts).
 * The controller creates one per connection and disposes of it on teardown; nothing is reset
 * by hand. It tells the controller what the loader must hear through `ConversationEvents`.
 */
import { batch, signal, type Signal } from '@preact/signals';
import { t } from '../i18n/index.ts';
import '../i18n/chat-view-strings.ts';
import { OutboxPump } from './outbox-pump.ts';
import { noticesFor, placeNotices, type ParticipantNotice, type Placed } from './participant-notices.ts';
import { ReadTracker } from './read-tracker.ts';
import { toRichContent, type RichContent, type RichReply } from './rich-content.ts';
import type { SessionStore } from './session-store.ts';
import type { ChatMessage, ChatSession, ConnectionStatus, EndReason, MessagePage } from './types.ts';

/** Messages in the first page: enough to fill the log, few enough to show it at once. */
export const PAGE_SIZE = 30;
/**
 * Messages per older page when the visitor scrolls up: the most one request to Twilio returns
 * (Sync list items: a PageSize above 100 still returns at most 100), so a long history takes
 * few round trips.
 */
export const OLDER_PAGE_SIZE = 100;
/**
 * Older messages are shown this many indices at a time (message indices k·25 … k·25 + 24: one
 * block of the log, widget/ui/MessageList.tsx), each step a task of its own: a page of 100 is
 * shown over several short tasks rather than one long one.
 */
export const OLDER_STEP = 25;
/** The connection must be down this long before "Reconnecting…" shows (a blip goes unnoticed). */
export const RECONNECTING_DELAY_MS = 1000;

export interface ConversationEvents {
  /** A message from someone else arrived while connected. */
  inbound(author: string, body: string): void;
  /** The conversation ended (closed, or the session expired); called at most once. Inactive is not ended. */
  ended(): void;
  /** The unread count may have changed. */
  unreadChanged(count: number): void;
}

export interface LiveConversationOptions {
  store: Pick<SessionStore, 'outbox' | 'saveOutbox'>;
  /** Is the panel open? */
  panelOpen: () => boolean;
  /** Can the visitor see the messages now (panel open, widget and page visible)? */
  canSee: () => boolean;
  events: ConversationEvents;
}

/** Resolves in a task of its own (after what the browser has queued: input, rendering). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function clientKeys(messages: readonly ChatMessage[]): string[] {
  return messages.flatMap((m) => (m.clientKey ? [m.clientKey] : []));
}

export class LiveConversation {
  readonly identity: string;
  readonly conversationSid: string;
  readonly messages: Signal<ChatMessage[]>;
  readonly hasOlder: Signal<boolean>;
  readonly loadingOlder = signal(false);
  readonly connection: Signal<ConnectionStatus>;
  /** On once the connection has been down for RECONNECTING_DELAY_MS. */
  readonly reconnecting = signal(false);
  /** Who else is typing: identity → display name. */
  readonly typing = signal<Record<string, string>>({});
  /** The agent the visitor talks to (the latest to join who is still there): an identity. */
  readonly agent: Signal<string | undefined>;
  /** "Sam joined the chat", "Alex left the chat": agents joining and leaving, in the order they happened. */
  readonly notices: Signal<ParticipantNotice[]>;
  /** The latest notice that happened while connected (announced politely to screen readers). */
  readonly lastNotice = signal<ParticipantNotice | undefined>(undefined);
  /** The highest index another participant has read. */
  readonly othersRead: Signal<number | null>;
  readonly ended: Signal<boolean>;
  /** Why it ended (meaningful once `ended`). */
  readonly endReason = signal<EndReason>('closed');
  /** Bumped when a display name becomes known, so names re-render. */
  readonly namesVersion = signal(0);
  /** The latest message from someone else (announced politely to screen readers). */
  readonly lastInbound = signal<ChatMessage | undefined>(undefined);
  readonly outbox: OutboxPump;
  readonly reads: ReadTracker;
  /** Older messages come into view this many indices at a time (OLDER_STEP). */
  readonly olderStep = OLDER_STEP;

  private readonly unsubscribers: (() => void)[] = [];
  private reconnectingTimer: ReturnType<typeof setTimeout> | undefined;
  private early: ChatMessage[];
  /** Rich content by message sid: fetched once per message (a failed fetch may be tried again). */
  private readonly rich = new Map<string, Promise<RichContent | null>>();
  private readonly richKnown = new Map<string, RichContent | null>();
  private olderLoad: Promise<void> | undefined;
  /** The agents present, as the notices last saw them. */
  private agentsPresent: string[];
  private noticeSequence = 0;
  private disposed = false;
  /** Older messages fetched and not shown yet, in index order (see OLDER_STEP)… */
  private shelf: ChatMessage[] = [];
  /** …and whether Twilio holds more before them. */
  private moreOnServer: boolean;
  /**
   * The page before the oldest message fetched, fetched ahead while the visitor scrolls back
   * through the history (data only, shown when `loadOlder` asks), so that they do not wait for a
   * round trip per page.
   */
  private ahead: { before: number; page: Promise<MessagePage> } | undefined;

  /** Loads the latest page of an open session (messages arriving meanwhile are kept). */
  static async load(session: ChatSession, options: LiveConversationOptions): Promise<LiveConversation> {
    const early: ChatMessage[] = [];
    const stopBuffering = session.on('message', (m) => early.push(m));
    let page: MessagePage;
    try {
      page = await session.latest(PAGE_SIZE);
    } catch {
      page = { messages: [], hasOlder: false };
    } finally {
      stopBuffering();
    }
    return new LiveConversation(session, page, early, options);
  }

  private constructor(
    private readonly session: ChatSession,
    page: MessagePage,
    early: ChatMessage[],
    private readonly options: LiveConversationOptions,
  ) {
    this.identity = session.identity;
    this.conversationSid = session.conversationSid;
    this.early = early;
    this.messages = signal(page.messages);
    this.hasOlder = signal(page.hasOlder);
    this.moreOnServer = page.hasOlder;
    this.connection = signal<ConnectionStatus>('connecting');
    this.othersRead = signal(session.othersReadIndex());
    this.agentsPresent = session.agents();
    this.agent = signal(this.agentsPresent.at(-1));
    // The agents present joined at a known time (those who left are not in the roster any more).
    this.notices = signal(
      this.agentsPresent.flatMap((identity): ParticipantNotice[] => {
        const time = session.joinedAt(identity);
        return time === null ? [] : [{ key: `joined-${identity}`, kind: 'joined', identity, time }];
      }),
    );
    // Inactive (Flex's inactivity timer) is not ended: the visitor's next message makes it active again.
    this.ended = signal(session.state() === 'closed');
    this.reads = new ReadTracker({
      identity: this.identity,
      messages: this.messages,
      initialHorizon: session.ownReadIndex(),
      panelOpen: () => options.panelOpen(),
      canSee: () => options.canSee(),
      markRead: (index) => session.markRead(index),
      unreadChanged: (count) => options.events.unreadChanged(count),
    });
    this.outbox = new OutboxPump({
      session,
      store: options.store,
      canSend: () => !this.ended.value,
      found: (messages) => messages.forEach((m) => this.receive(m)),
    });
    this.outbox.delivered(clientKeys(page.messages));
    this.setConnection(session.connection());
    this.listen();
  }

  /** Shows what is there: `fresh` is a chat the visitor just started while watching (no "New messages" divider). */
  start(fresh: boolean): void {
    for (const m of this.early.splice(0)) this.receive(m);
    if (!fresh) this.reads.placeDivider();
    this.reads.advance();
    this.outbox.pump();
  }

  private listen(): void {
    const { session } = this;
    this.unsubscribers.push(
      session.on('message', (m) => this.receive(m)),
      session.on('connection', (status) => {
        this.setConnection(status);
        if (status === 'connected') this.outbox.pump();
      }),
      session.on('typing', ({ identity, name, typing }) => {
        const next = { ...this.typing.value };
        if (typing) next[identity] = name;
        else delete next[identity];
        this.typing.value = next;
      }),
      session.on('agents', (agents) => this.agentsChanged(agents)),
      session.on('read', (index) => (this.othersRead.value = index)),
      session.on('state', (state) => {
        if (state === 'closed') this.end('closed');
      }),
      session.on('name', () => (this.namesVersion.value += 1)),
      session.on('expired', () => this.end('sessionExpired')),
    );
  }

  /** Adds a message in index order, unless it is known already. */
  private receive(message: ChatMessage): void {
    const list = this.messages.value;
    if (list.some((m) => m.sid === message.sid)) return;
    const own = message.author === this.identity;
    batch(() => {
      this.messages.value = [...list, message].sort((a, b) => a.index - b.index);
      if (message.clientKey) this.outbox.delivered([message.clientKey]);
      if (!own) {
        this.lastInbound.value = message;
        const typing = { ...this.typing.value };
        delete typing[message.author];
        this.typing.value = typing;
      }
    });
    if (!own) this.options.events.inbound(this.displayName(message.author), message.body);
    this.reads.advance();
  }

  private agentsChanged(agents: string[]): void {
    const added = noticesFor(this.agentsPresent, agents, {
      time: Date.now(),
      lastIndex: this.messages.value.at(-1)?.index ?? -1,
      joinedAt: (identity) => this.session.joinedAt(identity),
      sequence: () => (this.noticeSequence += 1),
    });
    this.agentsPresent = agents;
    batch(() => {
      this.agent.value = agents.at(-1);
      if (added.length === 0) return;
      this.notices.value = [...this.notices.value, ...added];
      this.lastNotice.value = added.at(-1);
      // Someone who left types no more.
      const typing = { ...this.typing.value };
      for (const notice of added) if (notice.kind === 'left') delete typing[notice.identity];
      this.typing.value = typing;
    });
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

  /**
   * Shows the chat as ended: the conversation closed (also called once the visitor ended it), or
   * the server refused to renew the session.
   */
  end(reason: EndReason = 'closed'): void {
    if (this.ended.value) return;
    batch(() => {
      this.endReason.value = reason;
      this.ended.value = true;
      this.typing.value = {};
    });
    this.options.events.ended();
  }

  /** The messages with the notices among them, as the log shows them (reads the signals it depends on). */
  messagesWithNotices(): Placed<ChatMessage, ParticipantNotice>[] {
    return placeNotices(this.messages.value, this.notices.value, this.hasOlder.value);
  }

  displayName(identity: string): string {
    if (identity === this.identity) return t('you');
    return this.session.displayName(identity);
  }

  send(body: string, file?: File): void {
    if (this.ended.value) return;
    this.reads.clearDivider();
    this.outbox.add(body, file);
  }

  /** The visitor is typing (sent on to the others while connected). */
  composing(): void {
    if (this.connection.value === 'connected' && !this.ended.value) this.session.typing();
  }

  /** Shows the next step of older messages, fetched if need be; a call while one is under way joins it. */
  loadOlder(): Promise<void> {
    this.olderLoad ??= this.fetchOlder();
    return this.olderLoad;
  }

  /** Loads every older page (the transcript holds the whole conversation). */
  async loadAll(): Promise<void> {
    while (this.hasOlder.value) {
      const oldest = this.messages.value[0];
      if (!oldest) return;
      await this.loadOlder();
      if (this.messages.value[0] === oldest) return; // a page that brought nothing older: the end
    }
  }

  private async fetchOlder(): Promise<void> {
    const first = this.messages.value[0];
    try {
      if (!first || !this.hasOlder.value) return;
      if (this.shelf.length > 0) {
        await nextTask(); // each step a task of its own
      } else {
        this.loadingOlder.value = true;
        try {
          const page = await this.olderPage(first.index);
          this.shelf = page.messages;
          this.moreOnServer = page.hasOlder;
        } finally {
          this.loadingOlder.value = false;
        }
      }
    } finally {
      // Done before the step shows: the log may ask for the next one as it renders it.
      this.olderLoad = undefined;
    }
    this.showFromShelf();
    this.readAhead();
  }

  /** Moves the next step of older messages from the shelf to the front of the messages. */
  private showFromShelf(): void {
    const list = this.messages.value;
    const oldest = list[0]?.index ?? 0;
    const from = Math.floor((oldest - 1) / OLDER_STEP) * OLDER_STEP;
    let cut = this.shelf.findIndex((m) => m.index >= from);
    if (cut < 0) cut = Math.max(0, this.shelf.length - 1); // a gap in the indices: at least one
    const known = new Set(list.map((m) => m.sid));
    const shown = this.shelf.splice(cut).filter((m) => !known.has(m.sid));
    batch(() => {
      if (shown.length > 0) this.messages.value = [...shown, ...list];
      this.hasOlder.value = this.shelf.length > 0 || this.moreOnServer;
    });
  }

  /** The page before message `before`: the one fetched ahead if it is that one, else fetched now. */
  private olderPage(before: number): Promise<MessagePage> {
    const ahead = this.ahead;
    this.ahead = undefined;
    const fetch = (): Promise<MessagePage> => this.session.older(before, OLDER_PAGE_SIZE);
    // A read-ahead that failed is asked for again, now that it is needed.
    return ahead?.before === before ? ahead.page.catch(fetch) : fetch();
  }

  /** Fetches the page before the oldest message fetched once the shelf runs low (see `ahead`). */
  private readAhead(): void {
    const oldest = this.shelf[0] ?? this.messages.value[0];
    if (!oldest || !this.moreOnServer || this.ahead || this.disposed) return;
    if (this.shelf.length > OLDER_PAGE_SIZE / 2) return;
    const page = this.session.older(oldest.index, OLDER_PAGE_SIZE);
    page.catch(() => undefined); // handled when it is used
    this.ahead = { before: oldest.index, page };
  }

  /** Answers a quick reply, list picker or card reply action: its title as the body, through the outbox. */
  reply(message: ChatMessage, answer: RichReply): void {
    if (this.ended.value) return;
    this.reads.clearDivider();
    this.outbox.add(answer.title, undefined, { inReplyTo: message.sid, id: answer.id });
  }

  /** The rich content of a message, once known (undefined: not fetched yet; null: show the body). */
  knownRichContent(message: ChatMessage): RichContent | null | undefined {
    return message.contentSid ? this.richKnown.get(message.sid) : null;
  }

  /** The checked rich content of a message with a contentSid, fetched on first use; null: show its body. */
  richContent(message: ChatMessage): Promise<RichContent | null> {
    if (!message.contentSid) return Promise.resolve(null);
    let pending = this.rich.get(message.sid);
    if (!pending) {
      pending = this.session.contentData(message).then(
        (data) => {
          const content = toRichContent(data);
          this.richKnown.set(message.sid, content);
          return content;
        },
        () => {
          this.rich.delete(message.sid);
          return null;
        },
      );
      this.rich.set(message.sid, pending);
    }
    return pending;
  }

  mediaUrl(message: ChatMessage, index: number): Promise<string> {
    const media = message.media[index];
    if (!media) return Promise.reject(new Error('no media'));
    return this.session.mediaUrl(message, media);
  }

  /** The SDK's per-file limit from its connect-time configuration. */
  sdkMaxFileBytes(): number | null {
    return this.session.limits().maxFileBytes;
  }

  /** Stops listening and sending, and closes the session. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.ahead = undefined;
    for (const off of this.unsubscribers.splice(0)) off();
    clearTimeout(this.reconnectingTimer);
    this.outbox.dispose();
    await this.session.close().catch(() => undefined);
  }
}

/**
 * A scripted back end for fast tests: an in-memory conversation that implements the widget's
 * ChatSession interface, driven by tests (agent messages, typing, read receipts, connection
 * drops, lost replies, ending). Used by the Node controller tests and, bundled into the page,
 * by the Chromium UI tests. The same behaviour on the real SDK + server + emulator is covered
 * end to end in test/e2e/.
 */
import type { ConversationState } from '../../../contracts/conversation.ts';
import { createEmitter, type Emitter } from '../../../widget/emitter.ts';
import type {
  ChatMedia,
  ChatMessage,
  ChatSession,
  ConnectionStatus,
  OpenSessionOptions,
  OutgoingMessage,
  SessionEvents,
} from '../../../widget/chat/types.ts';

/** What the back end stores of a sent message besides its body. */
function sent(message: OutgoingMessage, media: ChatMedia[]): Partial<ChatMessage> {
  return message.contentReply
    ? { clientKey: message.clientKey, media, contentReply: message.contentReply }
    : { clientKey: message.clientKey, media };
}

export interface Participant {
  identity: string;
  name: string;
  /** When they joined (the scripted clock). */
  joinedAt: number;
}

export class ScriptedConversation {
  messages: ChatMessage[] = [];
  /** Every message body received through send(), in arrival order (duplicates included). */
  received: string[] = [];
  connection: ConnectionStatus = 'connected';
  state: ConversationState = 'active';
  participants = new Map<string, Participant>();
  /** Every name ever known, also of those who left (as the SDK still finds their user). */
  names = new Map<string, string>();
  othersRead: number | null = null;
  visitorRead: number | null = null;
  /** When > 0, the next sends are stored but their reply is lost (and the connection drops). */
  loseReplies = 0;
  /** When set, sends are refused for good with this message. */
  refuseSends: string | undefined;
  mediaUrlCalls = 0;
  /** Rich content by message sid (what getContentData would give), for messages added with a contentSid. */
  contents = new Map<string, unknown>();
  private sessions = new Set<Emitter<SessionEvents>>();
  /** Each open session's way to ask the widget for a new token. */
  private tokenAskers = new Map<Emitter<SessionEvents>, () => Promise<string>>();
  /** The tokens the widget handed over through refreshToken (the SDK's updateToken). */
  tokens: string[] = [];
  private nextIndex = 0;
  private clock: () => number;
  private pendingOnReconnect: (() => void)[] = [];

  constructor(clock: () => number = () => Date.now()) {
    this.clock = clock;
  }

  add(author: string, body: string, extra: Partial<ChatMessage> = {}): ChatMessage {
    const index = this.nextIndex++;
    const message: ChatMessage = {
      sid: `IM${String(index).padStart(6, '0')}`,
      index,
      author,
      body,
      time: this.clock(),
      media: [],
      ...extra,
    };
    this.messages.push(message);
    if (this.connection === 'connected') this.broadcast('message', message);
    else this.pendingOnReconnect.push(() => this.broadcast('message', message));
    return message;
  }

  /** Seeds history without events. */
  seed(count: number, author = 'agent', start = this.clock() - count * 60_000): void {
    for (let i = 0; i < count; i++) {
      const index = this.nextIndex++;
      this.messages.push({
        sid: `IM${String(index).padStart(6, '0')}`,
        index,
        author,
        body: `History ${index}`,
        time: start + i * 60_000,
        media: [],
      });
    }
  }

  join(identity: string, name: string): void {
    this.participants.set(identity, { identity, name, joinedAt: this.clock() });
    this.names.set(identity, name);
    this.broadcast('name', { identity, name });
    this.broadcast('agents', [...this.participants.keys()]);
  }

  /** An agent leaves (a cold transfer, or their task completed). */
  leave(identity: string): void {
    this.participants.delete(identity);
    this.broadcast('agents', [...this.participants.keys()]);
  }

  typing(identity: string, typing: boolean): void {
    this.broadcast('typing', { identity, name: this.participants.get(identity)?.name ?? identity, typing });
  }

  read(index: number): void {
    this.othersRead = index;
    this.broadcast('read', index);
  }

  end(state: ConversationState = 'closed'): void {
    this.state = state;
    this.broadcast('state', state);
  }

  setConnection(status: ConnectionStatus): void {
    this.connection = status;
    this.broadcast('connection', status);
    if (status === 'connected') for (const replay of this.pendingOnReconnect.splice(0)) replay();
  }

  expire(): void {
    this.broadcast('expired', undefined);
  }

  /**
   * The SDK's tokenExpired, as widget/chat/sdk-session.ts handles it: each session asks for a
   * new token; a refusal (401/403) ends it. Resolves when every ask has settled.
   */
  async tokenExpired(): Promise<void> {
    await Promise.all(
      [...this.tokenAskers].map(([link, ask]) =>
        ask().then(
          (token) => void this.tokens.push(token),
          (error: unknown) => {
            const status = (error as { status?: unknown } | null)?.status;
            if (status === 401 || status === 403) link.emit('expired', undefined);
          },
        ),
      ),
    );
  }

  private broadcast<K extends keyof SessionEvents>(event: K, payload: SessionEvents[K]): void {
    for (const s of this.sessions) s.emit(event, payload);
  }

  /** An OpenSession for the widget. */
  open = async (options: OpenSessionOptions): Promise<ChatSession> => {
    const link = createEmitter<SessionEvents>();
    this.sessions.add(link);
    this.tokenAskers.set(link, () => options.refreshToken());
    const page = (list: ChatMessage[], size: number) => ({
      messages: list.slice(-size).map((m) => ({ ...m })),
      hasOlder: list.length > size,
    });
    const session: ChatSession = {
      identity: options.identity,
      conversationSid: options.conversationSid,
      connection: () => this.connection,
      state: () => this.state,
      limits: () => ({ maxFileBytes: 5 * 1024 * 1024 }),
      ownReadIndex: () => this.visitorRead,
      othersReadIndex: () => this.othersRead,
      agents: () => [...this.participants.keys()],
      joinedAt: (identity) => this.participants.get(identity)?.joinedAt ?? null,
      displayName: (identity) => this.names.get(identity) ?? identity,
      latest: async (size) => page(this.messages, size),
      older: async (before, size) =>
        page(
          this.messages.filter((m) => m.index < before),
          size,
        ),
      send: async (message: OutgoingMessage) => {
        if (this.connection !== 'connected') throw new Error('Twilsock disconnected');
        if (this.refuseSends) throw Object.assign(new Error(this.refuseSends), { permanent: true });
        this.received.push(message.body);
        const media: ChatMedia[] = message.file
          ? [
              {
                sid: `ME${this.received.length}`,
                filename: message.file.name,
                contentType: message.file.type,
                size: message.file.size,
              },
            ]
          : [];
        if (this.loseReplies > 0) {
          this.loseReplies -= 1;
          this.setConnection('disconnected');
          this.add(options.identity, message.body, sent(message, media));
          throw new Error('Twilsock disconnected');
        }
        this.add(options.identity, message.body, sent(message, media));
      },
      typing: () => undefined,
      markRead: async (index) => {
        this.visitorRead = index;
      },
      contentData: async (message) => this.contents.get(message.sid) ?? null,
      mediaUrl: async (_message, media) => {
        this.mediaUrlCalls += 1;
        return `data:${media.contentType},x`;
      },
      on: link.on,
      close: async () => {
        this.sessions.delete(link);
        this.tokenAskers.delete(link);
      },
    };
    return session;
  };
}

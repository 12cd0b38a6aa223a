/**
 * A small recording stand-in for the two Twilio REST hosts the server calls (Flex WebChats and
 * Conversations), used for the fault cases the emulator cannot express: it records every request
 * exactly as received and can answer with an error, a delay or no answer at all. It also stands in
 * for the site owner's feedback webhook (POST /feedback-hook answers 200), so a test sees what the
 * server would deliver there, byte for byte.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConversationState } from '../../contracts/conversation.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  form: Record<string, string>;
  /** The body as received (the feedback webhook's JSON, signed byte for byte). */
  body: string;
  username: string;
  password: string;
  receivedAt: number;
}

export interface Fault {
  /** Applies to requests whose "METHOD path" contains this text. */
  match: string;
  /** …and whose form has these fields with these values. */
  form?: Record<string, string>;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer. */
  hang?: boolean;
  /** How many requests it applies to (default: every one). */
  count?: number;
}

interface FakeConversation {
  sid: string;
  state: ConversationState;
  /** Fixed when the conversation is added (an index by identity answers ParticipantConversations). */
  readonly participants: readonly string[];
  attributes: string;
  messages: { author: string; body: string; webhooks: boolean }[];
}

/** Where the stand-in takes feedback webhook deliveries (FEEDBACK_WEBHOOK_URL = url + this). */
export const FEEDBACK_HOOK_PATH = '/feedback-hook';

export class RecordingTwilio {
  readonly requests: RecordedRequest[] = [];
  readonly conversations = new Map<string, FakeConversation>();
  private readonly conversationsByIdentity = new Map<string, FakeConversation[]>();
  latencyMs = 0;
  /** TCP connections accepted so far (keep-alive: requests reuse them). */
  connections = 0;
  private faults: Fault[] = [];
  private server: Server | undefined;
  private hanging = new Set<() => void>();
  private counter = 0;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        (answer) => {
          if (!answer) return;
          res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
          res.end(JSON.stringify(answer.body));
        },
        (error: unknown) => {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ code: 20500, message: String(error), status: 500 }));
        },
      );
    });
    this.server.on('connection', () => (this.connections += 1));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const release of this.hanging) release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  reset(): void {
    this.requests.length = 0;
    this.faults = [];
    this.latencyMs = 0;
  }

  /** Adds a conversation as if Flex had created it. */
  addConversation(participants: string[], state: FakeConversation['state'] = 'active'): string {
    const sid = this.sid('CH');
    const conversation: FakeConversation = { sid, state, participants, attributes: '{}', messages: [] };
    this.conversations.set(sid, conversation);
    for (const identity of participants) {
      const list = this.conversationsByIdentity.get(identity) ?? [];
      list.push(conversation);
      this.conversationsByIdentity.set(identity, list);
    }
    return sid;
  }

  private sid(prefix: string): string {
    this.counter += 1;
    return prefix + this.counter.toString(16).padStart(32, '0');
  }

  /** GET /v1/ParticipantConversations?Identity=…: the identity's conversations, `PageSize` (≤ 50) per page. */
  private participantConversations(url: URL): unknown {
    const identity = url.searchParams.get('Identity') ?? '';
    const pageSize = Math.min(50, Number(url.searchParams.get('PageSize')) || 50);
    const page = Number(url.searchParams.get('Page')) || 0;
    const all = this.conversationsByIdentity.get(identity) ?? [];
    const pageUrl = (n: number) =>
      `${this.url}/v1/ParticipantConversations?Identity=${encodeURIComponent(identity)}&PageSize=${pageSize}&Page=${n}`;
    return {
      conversations: all.slice(page * pageSize, (page + 1) * pageSize).map((c) => ({
        conversation_sid: c.sid,
        conversation_state: c.state,
        participant_identity: identity,
      })),
      meta: {
        page,
        page_size: pageSize,
        key: 'conversations',
        url: pageUrl(page),
        next_page_url: (page + 1) * pageSize < all.length ? pageUrl(page + 1) : null,
      },
    };
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> } | undefined> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const [username, password] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':') as [string, string?];
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers[key.toLowerCase()] = value;
    const body = Buffer.concat(chunks).toString();
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      headers,
      form: Object.fromEntries(new URLSearchParams(body)),
      body,
      username: username ?? '',
      password: password ?? '',
      receivedAt: performance.now(),
    };
    this.requests.push(recorded);

    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const key = `${recorded.method} ${url.pathname}`;
    const fault = this.faults.find(
      (f) =>
        key.includes(f.match) &&
        (f.count === undefined || f.count > 0) &&
        Object.entries(f.form ?? {}).every(([name, value]) => recorded.form[name] === value),
    );
    if (fault) {
      if (fault.count !== undefined) fault.count -= 1;
      if (fault.hang) {
        await new Promise<void>((resolve) => this.hanging.add(resolve));
        return undefined;
      }
      return {
        status: fault.status ?? 500,
        body: fault.body ?? {
          code: 20500,
          message: 'Internal Server Error',
          more_info: 'https://www.twilio.com/docs/errors/20500',
          status: fault.status ?? 500,
        },
        headers: fault.headers,
      };
    }
    return this.route(recorded, url);
  }

  private route(request: RecordedRequest, url: URL): { status: number; body: unknown } {
    if (request.method === 'POST' && url.pathname === FEEDBACK_HOOK_PATH) return { status: 200, body: { ok: true } };
    if (request.method === 'POST' && url.pathname === '/v2/WebChats') {
      const identity = request.form.Identity ?? `visitor-${this.counter + 1}`;
      const sid = this.addConversation([identity]);
      this.conversations.get(sid)!.attributes = JSON.stringify({
        pre_engagement_data: JSON.parse(request.form.PreEngagementData ?? '{}') as unknown,
      });
      return { status: 201, body: { conversation_sid: sid, identity } };
    }
    if (request.method === 'GET' && url.pathname === '/v1/ParticipantConversations') {
      return { status: 200, body: this.participantConversations(url) };
    }
    const match = /^\/v1\/Conversations\/(CH[0-9a-f]{32})(\/Messages|\/Participants)?$/.exec(url.pathname);
    const conversation = match ? this.conversations.get(match[1]!) : undefined;
    if (!match || !conversation) {
      return {
        status: 404,
        body: {
          code: 20404,
          message: `The requested resource ${url.pathname} was not found`,
          more_info: 'https://www.twilio.com/docs/errors/20404',
          status: 404,
        },
      };
    }
    if (request.method === 'POST' && match[2] === '/Messages') {
      conversation.messages.push({
        author: request.form.Author ?? '',
        body: request.form.Body ?? '',
        webhooks: request.headers['x-twilio-webhook-enabled'] === 'true',
      });
      return {
        status: 201,
        body: {
          sid: this.sid('IM'),
          conversation_sid: conversation.sid,
          author: request.form.Author,
          body: request.form.Body,
          index: conversation.messages.length - 1,
        },
      };
    }
    if (request.method === 'GET' && match[2] === '/Participants') {
      return {
        status: 200,
        body: {
          participants: conversation.participants.map((identity) => ({ identity, conversation_sid: conversation.sid })),
          meta: { page: 0, page_size: 100 },
        },
      };
    }
    if (request.method === 'GET' && match[2] === undefined) {
      return {
        status: 200,
        body: { sid: conversation.sid, state: conversation.state, attributes: conversation.attributes },
      };
    }
    if (request.method === 'POST' && match[2] === undefined) {
      const state = request.form.State;
      if (state === 'active' || state === 'inactive' || state === 'closed') conversation.state = state;
      return {
        status: 200,
        body: { sid: conversation.sid, state: conversation.state, attributes: conversation.attributes },
      };
    }
    return { status: 405, body: { code: 20004, message: 'Method not allowed', status: 405 } };
  }
}

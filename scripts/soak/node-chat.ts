/**
 * A visitor as an SDK client in Node (@twilio/conversations, unmodified): the chat created through
 * our server's /api/webchat/init, tokens refreshed through /api/webchat/token with retries, and
 * messages sent one at a time from an outbox that retries without duplicating (a message whose
 * send failed is looked for before it is sent again), as an app on the SDK would.
 */
import WebSocket from 'ws';
import { Client, type Conversation, type Message } from '@twilio/conversations';
import type { Stack } from '../harness/stack.ts';
import { sleep, within, type SoakChat } from './chat.ts';

// Node 20 has no global WebSocket; the SDK (twilsock) uses the global one, as in a browser.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

interface Grant {
  token: string;
  identity: string;
  conversationSid: string;
}

const SEND_MS = 15_000;

export class NodeChat implements SoakChat {
  readonly kind = 'node';
  /** Every message the client announced (messageAdded and history after a restart), in order. */
  private readonly arrivals: string[] = [];
  private readonly outbox: string[] = [];
  private pumping = false;
  private refreshing: Promise<void> | undefined;
  private client!: Client;
  private conversation!: Conversation;
  private closed = false;

  private constructor(
    readonly index: number,
    readonly label: string,
    private grant: Grant,
    private readonly stack: Stack,
  ) {}

  get conversationSid(): string {
    return this.grant.conversationSid;
  }
  get identity(): string {
    return this.grant.identity;
  }

  static async start(stack: Stack, index: number): Promise<NodeChat> {
    const grant = await api<Grant>(stack, '/api/webchat/init', {
      friendlyName: `Node visitor ${index}`,
      question: `Soak chat ${index}: can I change my order? (${Date.now()})`,
    });
    const chat = new NodeChat(index, `node ${index}`, grant, stack);
    await chat.connect();
    return chat;
  }

  private async connect(): Promise<void> {
    const client = new Client(this.grant.token, { Twilsock: { uri: this.stack.emulator.twilsockUrl } });
    await new Promise<void>((resolve, reject) => {
      client.once('initialized', () => resolve());
      client.once('initFailed', ({ error }) => reject(new Error(`initFailed: ${error?.message}`)));
    });
    client.on('tokenAboutToExpire', () => void this.refresh());
    client.on('tokenExpired', () => void this.refresh());
    const conversation = await client.getConversationBySid(this.grant.conversationSid);
    conversation.on('messageAdded', (message: Message) => this.arrivals.push(message.body ?? ''));
    const history = await conversation.getMessages(100);
    this.arrivals.push(...history.items.map((m) => m.body ?? ''));
    this.client = client;
    this.conversation = conversation;
  }

  /** A new token from our server, retried with backoff until it comes (or the session is refused). */
  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      for (let attempt = 0; !this.closed; attempt++) {
        try {
          this.grant = await api<Grant>(this.stack, '/api/webchat/token', {
            token: this.grant.token,
            conversationSid: this.grant.conversationSid,
          });
          await this.socketSettled();
          await this.client.updateToken(this.grant.token);
          return;
        } catch (error) {
          if (error instanceof WebchatHttpError && (error.status === 401 || error.status === 403)) throw error;
          await sleep(Math.min(4_000, 250 * 2 ** attempt));
        }
      }
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** The SDK refuses a token while its socket is closing after an expiry: wait for it to close. */
  private async socketSettled(): Promise<void> {
    for (let waited = 0; this.client.connectionState === 'disconnecting' && waited < 10_000; waited += 50)
      await sleep(50);
  }

  send(body: string): Promise<boolean> {
    this.outbox.push(body);
    void this.pump();
    return Promise.resolve(true);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let attempt = 0; this.outbox.length > 0 && !this.closed;) {
        const body = this.outbox[0]!;
        try {
          if (attempt === 0 || !(await this.alreadySent(body)))
            await within(SEND_MS, this.conversation.sendMessage(body), 'sendMessage');
          this.outbox.shift();
          attempt = 0;
        } catch {
          attempt += 1;
          await sleep(Math.min(4_000, 250 * 2 ** attempt));
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private async alreadySent(body: string): Promise<boolean> {
    const page = await within(SEND_MS, this.conversation.getMessages(30), 'getMessages');
    return page.items.some((m) => m.body === body && m.author === this.identity);
  }

  shown(): Promise<string[] | undefined> {
    return Promise.resolve([...this.arrivals]);
  }

  /** A fresh client on a refreshed token, the history read again. */
  async reload(): Promise<void> {
    const old = this.client;
    old.removeAllListeners();
    await old.shutdown().catch(() => undefined);
    this.arrivals.length = 0;
    this.grant = await api<Grant>(this.stack, '/api/webchat/token', {
      token: this.grant.token,
      conversationSid: this.grant.conversationSid,
    });
    await this.connect();
    void this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.shutdown().catch(() => undefined);
  }
}

class WebchatHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Our server's API as a page on its own origin calls it. */
async function api<T>(stack: Stack, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${stack.serverUrl}${path}`, {
    method: 'POST',
    headers: { Origin: stack.serverUrl, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new WebchatHttpError(response.status, `${path} → ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

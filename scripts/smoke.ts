/**
 * `npm run smoke`: one real chat through a deployed server, as a visitor's browser would have it,
 * printing each step — the server is up, it embeds the widget for the site, it creates the chat in
 * Flex (your Studio flow sees the question), the visitor's SDK connects with the token it got, a
 * message goes through, and the visitor ends the chat (your Flex task moves to wrap-up). Run it
 * after deploying, against your real account: it leaves one closed conversation named "Smoke test".
 *
 *   npm run smoke -- --server https://chat.example.com --origin https://www.example.com
 *
 * Options: --region ie1|au1 (the SDK's Twilio region, as TWILIO_REGION), --twilsock-url URL (the
 * emulator's), --timeout SECONDS (each step, default 30).
 */
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { Client, type Conversation, type Message } from '@twilio/conversations';
import { WEBCHAT_API } from '../contracts/webchat-api.ts';

// Node 20 has no global WebSocket; the SDK (twilsock) uses the global one, as in a browser.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const HELP = `npm run smoke -- --server https://chat.example.com --origin https://www.example.com

Creates one chat through your deployed server and your Flex account, sends a message and ends it,
printing each step. Options: --region ie1|au1, --twilsock-url URL, --timeout SECONDS (default 30).`;

const { values: args } = parseArgs({
  options: {
    server: { type: 'string' },
    origin: { type: 'string' },
    region: { type: 'string' },
    'twilsock-url': { type: 'string' },
    timeout: { type: 'string', default: '30' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

interface Grant {
  token: string;
  identity: string;
  conversationSid: string;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

class StepFailed extends Error {}

async function main(): Promise<number> {
  if (args.help || !args.server || !args.origin) {
    out(HELP);
    return args.help ? 0 : 2;
  }
  const server = new URL(args.server).origin;
  const site = new URL(args.origin).origin;
  const timeoutMs = Number(args.timeout) * 1000;
  let step = 0;
  const run = async <T>(title: string, action: () => Promise<T>, done: (value: T) => string): Promise<T> => {
    step += 1;
    const started = Date.now();
    try {
      const value = await within(timeoutMs, action());
      out(`✔ ${step}. ${title}: ${done(value)} (${Date.now() - started} ms)`);
      return value;
    } catch (error) {
      out(`✖ ${step}. ${title}: ${(error as Error).message}`);
      throw new StepFailed();
    }
  };

  const api = async <T>(path: string, body: unknown): Promise<T> => {
    // The widget calls the API from its own page, i.e. with the server's origin.
    const response = await fetch(`${server}${path}`, {
      method: 'POST',
      headers: { Origin: server, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  };

  let client: Client | undefined;
  try {
    out(`Smoke test of ${server} for ${site}\n`);
    await run(
      'the server answers',
      async () => {
        const response = await fetch(`${server}/health`);
        if (!response.ok) throw new Error(`GET /health answered ${response.status}`);
      },
      () => 'GET /health ok',
    );
    await run(
      'the widget is served for the site',
      async () => {
        const response = await fetch(`${server}/widget?origin=${encodeURIComponent(site)}`);
        if (response.status === 403)
          throw new Error(`the server refuses ${site}: add it to ALLOWED_ORIGINS (comma-separated origins)`);
        if (!response.ok) throw new Error(`GET /widget answered ${response.status}`);
        const ancestors = /frame-ancestors ([^;]+)/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
        return ancestors ?? '(no frame-ancestors)';
      },
      (ancestors) => `frame-ancestors ${ancestors}`,
    );
    const question = `Smoke test from npm run smoke at ${new Date().toISOString()}: please ignore.`;
    const grant = await run(
      'Flex creates the chat (POST /api/webchat/init)',
      () => api<Grant>(WEBCHAT_API.init, { friendlyName: 'Smoke test', question }),
      (g) => `conversation ${g.conversationSid}, visitor ${g.identity}`,
    );
    const joined = await run(
      "the visitor's SDK connects with its token and opens the conversation",
      async () => {
        const options = {
          ...(args['twilsock-url'] ? { Twilsock: { uri: args['twilsock-url'] } } : {}),
          ...(args.region ? { region: args.region } : {}),
        };
        client = new Client(grant.token, options);
        await new Promise<void>((resolve, reject) => {
          client!.once('initialized', () => resolve());
          client!.once('initFailed', ({ error }) => reject(new Error(`the SDK could not start: ${error?.message}`)));
        });
        const conversation = await client.getConversationBySid(grant.conversationSid);
        const history = await conversation.getMessages(30);
        if (!history.items.some((m) => m.body === question))
          throw new Error("the visitor's question is not in the conversation");
        return { conversation, count: history.items.length };
      },
      ({ count }) =>
        `${count} message${count === 1 ? '' : 's'} there (the question${count > 1 ? ' and the welcome' : ''})`,
    );
    const conversation: Conversation = joined.conversation;
    await run(
      'a message goes through',
      async () => {
        const body = 'Smoke test message.';
        const echoed = new Promise<Message>((resolve) =>
          conversation.on('messageAdded', (m: Message) => m.body === body && resolve(m)),
        );
        await conversation.sendMessage(body);
        return echoed;
      },
      (m) => `index ${m.index}, author ${m.author}`,
    );
    await run(
      'the visitor ends the chat (POST /api/webchat/end)',
      async () => {
        const closed = new Promise<void>((resolve) =>
          conversation.on('updated', () => conversation.state?.current === 'closed' && resolve()),
        );
        await api(WEBCHAT_API.end, { token: grant.token, conversationSid: grant.conversationSid });
        if (conversation.state?.current !== 'closed') await closed;
      },
      () => 'the conversation is closed',
    );
    out('\nThe chat works end to end. In Flex, the task for "Smoke test" went to wrap-up.');
    return 0;
  } catch (error) {
    if (!(error instanceof StepFailed)) out(`✖ ${(error as Error).message}`);
    out('\nThe smoke test failed at the step above (see docs/deploying.md, "Going live").');
    return 1;
  } finally {
    await client?.shutdown().catch(() => undefined);
  }
}

function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

process.exitCode = await main();

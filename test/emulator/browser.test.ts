/**
 * The same main flows once in Chromium: the SDK bundled for the browser (esbuild, platform
 * browser) on a page of another origin, talking to the emulator over WebSocket and XHR (CORS).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type { Client, Conversation } from '@twilio/conversations';
import { launchChromium } from '../../scripts/harness/browser.ts';
import type { RunningEmulator } from '../../emulator/index.ts';
import { createWebChat, emulator, flexOf, tokenFor, waitUntil } from './helpers.ts';

let emu: RunningEmulator;
let server: Server;
let browser: Browser;
let page: Page;
let pageUrl: string;

/** What the test page holds: the SDK's Client (bundled below), the conversation and the events it logged. */
interface TestWindow {
  ConversationsClient: typeof Client;
  conversation: Conversation;
  log: string[];
}

before(async () => {
  emu = await emulator();
  const bundle = await build({
    stdin: {
      contents: "import { Client } from '@twilio/conversations'; globalThis.ConversationsClient = Client;",
      resolveDir: process.cwd(),
    },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  server = createServer((request, response) => {
    if (request.url === '/sdk.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' });
      response.end(script);
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end('<!doctype html><title>SDK page</title><script src="/sdk.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(pageUrl);
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await emu?.close();
});

test('in Chromium: connect, history, send and receive, typing, read horizon, agent name, media, close', async () => {
  const chat = await createWebChat(emu, { PreEngagementData: JSON.stringify({ question: 'From the browser' }) });
  await flexOf(emu).agentJoins(chat.conversationSid);
  await flexOf(emu).agentSays(chat.conversationSid, 'Earlier message');

  const opened = await page.evaluate(
    async ({ token, uri, sid }) => {
      const w = window as unknown as TestWindow;
      const client = new w.ConversationsClient(token, { Twilsock: { uri } });
      await new Promise<void>((resolve, reject) => {
        client.once('initialized', resolve);
        client.once('initFailed', (e) => reject(new Error(e.error?.message)));
      });
      const conversation = await client.getConversationBySid(sid);
      const history = await conversation.getMessages();
      await conversation.getParticipants();
      w.log = [];
      conversation.on('messageAdded', (m) => w.log.push(`message:${m.author}:${m.body ?? ''}:${m.type}`));
      conversation.on('typingStarted', (p) => w.log.push(`typing:${p.identity}`));
      conversation.on('participantUpdated', ({ participant, updateReasons }) => {
        if (updateReasons.includes('lastReadMessageIndex'))
          w.log.push(`read:${participant.identity}:${participant.lastReadMessageIndex}`);
      });
      conversation.on('updated', ({ updateReasons }) => {
        if (updateReasons.includes('state')) w.log.push(`state:${conversation.state?.current}`);
      });
      w.conversation = conversation;
      const agent = (await conversation.getParticipants()).find((p) => p.identity === 'agent.alex');
      return {
        history: history.items.map((m) => m.body),
        question: (conversation.attributes as { pre_engagement_data: { question: string } }).pre_engagement_data
          .question,
        agentName: (await agent?.getUser())?.friendlyName,
      };
    },
    { token: tokenFor(emu, chat.identity), uri: emu.twilsockUrl, sid: chat.conversationSid },
  );
  assert.deepEqual(opened, { history: ['Earlier message'], question: 'From the browser', agentName: 'Alex' });

  const log = () => page.evaluate(() => (window as unknown as { log: string[] }).log);
  const waitForLog = (entry: string) =>
    waitUntil(async () => (await log()).includes(entry), `the page logged ${entry}`);
  const detail = () => flexOf(emu).conversation(chat.conversationSid);

  await page.evaluate(() =>
    (window as unknown as { conversation: { sendMessage(b: string): Promise<number> } }).conversation.sendMessage(
      'Hi from Chromium',
    ),
  );
  await waitForLog(`message:${chat.identity}:Hi from Chromium:text`);
  assert.equal((await detail()).messages.at(-1)?.body, 'Hi from Chromium');

  await flexOf(emu).agentSays(chat.conversationSid, 'Hello browser');
  await waitForLog('message:agent.alex:Hello browser:text');

  await flexOf(emu).agentTypes(chat.conversationSid);
  await waitForLog('typing:agent.alex');
  const events = await fetch(`${emu.url}/emulator/events`);
  const reader = events.body!.getReader();
  await page.evaluate(() => (window as unknown as { conversation: { typing(): Promise<void> } }).conversation.typing());
  let stream = '';
  while (!stream.includes('"type":"typing"')) stream += new TextDecoder().decode((await reader.read()).value);
  assert.match(stream, new RegExp(`"identity":"${chat.identity}"`));
  await reader.cancel();

  await page.evaluate(() =>
    (
      window as unknown as { conversation: { setAllMessagesRead(): Promise<number> } }
    ).conversation.setAllMessagesRead(),
  );
  await waitUntil(
    async () => (await detail()).participants.find((p) => p.identity === chat.identity)?.lastReadMessageIndex === 2,
    'the visitor read everything',
  );
  await flexOf(emu).agentReads(chat.conversationSid);
  await waitForLog('read:agent.alex:2');

  const downloaded = await page.evaluate(async () => {
    const conversation = (window as unknown as TestWindow).conversation;
    const blob = new Blob([new Uint8Array([1, 2, 3, 4, 5])], { type: 'image/png' });
    await conversation.sendMessage({ contentType: 'image/png', filename: 'dot.png', media: blob });
    const page = await conversation.getMessages(1);
    const media = page.items[0]?.attachedMedia?.[0];
    const url = await media?.getContentTemporaryUrl();
    if (!media || !url) throw new Error('the message has no media URL');
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    return { filename: media.filename, bytes: [...bytes] };
  });
  assert.deepEqual(downloaded, { filename: 'dot.png', bytes: [1, 2, 3, 4, 5] });
  const consoleUrl = (await detail()).messages.at(-1)!.media[0]!.url;
  const viaConsole = await page.evaluate(
    async (url) => [...new Uint8Array(await (await fetch(url)).arrayBuffer())],
    consoleUrl,
  );
  assert.deepEqual(viaConsole, [1, 2, 3, 4, 5]);

  await flexOf(emu).setState(chat.conversationSid, 'closed');
  await waitForLog('state:closed');
});

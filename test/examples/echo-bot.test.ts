/**
 * examples/echo-bot.ts, run as it is (a child process) against the emulator: a visitor writes
 * through the SDK, the emulator posts the signed onMessageAdded webhook, the bot validates it and
 * answers through the REST API with the official `twilio` library, and the visitor reads the answer.
 * Also: docs/emulator.md shows the bot's source exactly as it is, so the documented bot cannot rot.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Message } from '@twilio/conversations';
import type { RunningEmulator } from '../../emulator/index.ts';
import { apiKeyAuth, connect, createWebChat, emulator, nextEvent, open } from '../emulator/helpers.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BOT_SOURCE = `${root}examples/echo-bot.ts`;

let emu: RunningEmulator;
let bot: ChildProcess;
let botUrl: string;

before(async () => {
  emu = await emulator();
  bot = spawn(process.execPath, ['--import', 'tsx', BOT_SOURCE], {
    cwd: root,
    env: {
      ...process.env,
      TWILIO_ACCOUNT_SID: emu.credentials.accountSid,
      TWILIO_AUTH_TOKEN: emu.credentials.authToken,
      CONVERSATIONS_API_URL: `${emu.url}/conversations`,
      PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  botUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    bot.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /bot on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    bot.once('exit', (code) => reject(new Error(`the bot exited (${code}) before listening: ${output}`)));
  });
});

after(async () => {
  bot.kill();
  await emu.close();
});

test('the example bot answers a visitor through the REST API, on signed webhooks', async () => {
  const chat = await createWebChat(emu);
  // The bot's URL as a conversation-scoped webhook (the whole emulator: --webhook-url).
  const webhook = await fetch(`${emu.url}/conversations/v1/Conversations/${chat.conversationSid}/Webhooks`, {
    method: 'POST',
    headers: { Authorization: apiKeyAuth(emu), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      Target: 'webhook',
      'Configuration.Url': botUrl,
      'Configuration.Filters': 'onMessageAdded',
    }),
  });
  assert.equal(webhook.status, 201);

  const visitor = await connect(emu, chat.identity);
  try {
    const conversation = await open(visitor, chat.conversationSid);
    const answer = nextEvent<Message>(conversation, 'messageAdded', (m) => m.author === 'bot');
    await conversation.sendMessage('Is the shop open on Sunday?');
    assert.equal((await answer).body, 'You said: Is the shop open on Sunday?');
  } finally {
    await visitor.shutdown();
  }
});

test('the bot refuses a request that is not signed by Twilio', async () => {
  const response = await fetch(botUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': 'forged' },
    body: new URLSearchParams({ EventType: 'onMessageAdded', ConversationSid: 'CH0', Body: 'hi', Author: 'x' }),
  });
  assert.equal(response.status, 403);
});

test('docs/emulator.md shows the bot exactly as examples/echo-bot.ts is', () => {
  const docs = readFileSync(`${root}docs/emulator.md`, 'utf8');
  assert.ok(docs.includes('```ts\n' + readFileSync(BOT_SOURCE, 'utf8') + '```'), 'the docs carry the bot verbatim');
});

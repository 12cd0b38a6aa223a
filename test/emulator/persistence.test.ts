/** `--data FILE`: conversations, messages, read horizons and media survive a restart. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@twilio/conversations';
import { connect, createWebChat, flexOf, emulator, nextEvent, open } from './helpers.ts';

test('state survives a restart with the same data file, and the SDK carries on', async () => {
  const dataFile = join(mkdtempSync(join(tmpdir(), 'emulator-data-')), 'nested', 'emulator.json');
  const first = await emulator({ dataFile });
  const chat = await createWebChat(first, { PreEngagementData: JSON.stringify({ question: 'kept?' }) });
  await flexOf(first).agentJoins(chat.conversationSid, { friendlyName: 'Alex' });
  await flexOf(first).agentSays(chat.conversationSid, 'before restart', {
    filename: 'note.txt',
    contentType: 'text/plain',
    bytes: Buffer.from('kept bytes'),
  });
  await flexOf(first).agentReads(chat.conversationSid);
  await first.close();

  const second = await emulator({ dataFile });
  const client = await connect(second, chat.identity);
  try {
    const conversation = await open(client, chat.conversationSid);
    assert.deepEqual((conversation.attributes as { pre_engagement_data: unknown }).pre_engagement_data, {
      question: 'kept?',
    });
    const page = await conversation.getMessages();
    assert.deepEqual(
      page.items.map((m) => m.body),
      ['before restart'],
    );
    const url = await page.items[0]!.attachedMedia![0]!.getContentTemporaryUrl();
    assert.equal(await (await fetch(url!)).text(), 'kept bytes');
    const agent = (await conversation.getParticipants()).find((p) => p.identity === 'agent.alex');
    assert.equal(agent?.lastReadMessageIndex, 0);
    assert.equal((await agent.getUser()).friendlyName, 'Alex');
    const next = nextEvent<Message>(conversation, 'messageAdded', (m) => m.body === 'after restart');
    await flexOf(second).agentSays(chat.conversationSid, 'after restart');
    assert.equal((await next).index, 1);
  } finally {
    await client.shutdown();
    await second.close();
  }
});

test('a data file written by version 1 of the emulator loads, keeps its message indexes, and is saved as version 2', async () => {
  // Written by the emulator before the Sync projection: a chat, an agent, a file, read horizons, and a
  // customer message removed after it got index 2 (so the next message must get 3, not 2).
  const fixture = readFileSync(new URL('./fixtures/emulator-v1.json', import.meta.url), 'utf8');
  const v1 = JSON.parse(fixture) as {
    conversations: { sid: string }[];
    participants: { identity: string; role: string }[];
  };
  const conversationSid = v1.conversations[0]!.sid;
  const customer = v1.participants.find((p) => p.role === 'customer')!.identity;
  const dataFile = join(mkdtempSync(join(tmpdir(), 'emulator-data-')), 'emulator.json');
  writeFileSync(dataFile, fixture);

  const first = await emulator({ dataFile });
  const client = await connect(first, customer);
  try {
    const conversation = await open(client, conversationSid);
    const page = await conversation.getMessages();
    assert.deepEqual(
      page.items.map((m) => [m.index, m.body]),
      [
        [0, 'first question'],
        [1, 'with a file'],
      ],
    );
    const url = await page.items[1]!.attachedMedia![0]!.getContentTemporaryUrl();
    assert.equal(await (await fetch(url!)).text(), 'v1 bytes');
    assert.equal(conversation.lastReadMessageIndex, 2);
    const agent = (await conversation.getParticipants()).find((p) => p.identity === 'agent.alex');
    assert.equal(agent?.lastReadMessageIndex, 1);
    assert.equal((await agent.getUser()).friendlyName, 'Alex');
    const next = nextEvent<Message>(conversation, 'messageAdded', (m) => m.body === 'after upgrade');
    await flexOf(first).agentSays(conversationSid, 'after upgrade');
    assert.equal((await next).index, 3);
  } finally {
    await client.shutdown();
    await first.close();
  }
  assert.equal((JSON.parse(readFileSync(dataFile, 'utf8')) as { version: number }).version, 2);

  const second = await emulator({ dataFile });
  try {
    const detail = await flexOf(second).conversation(conversationSid);
    assert.deepEqual(
      detail.messages.map((m) => [m.index, m.body]),
      [
        [0, 'first question'],
        [1, 'with a file'],
        [3, 'after upgrade'],
      ],
    );
    const posted = await flexOf(second).agentSays(conversationSid, 'again');
    assert.equal(posted.index, 4);
  } finally {
    await second.close();
  }
});

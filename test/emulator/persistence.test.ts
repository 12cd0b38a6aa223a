/** `--data FILE`: conversations, messages, read horizons and media survive a restart. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@twilio/conversations';
import { connect, createWebChat, flexOf, emulator, nextEvent, open } from './helpers.ts';

test('state survives a restart with the same data file, and the SDK carries on', async () => {
  const dataFile = join(mkdtempSync(join(tmpdir(), 'emulator-data-')), 'nested', 'emulator.json');
  const first = await emulator({ dataFile });
  const chat = await createWebChat(first, { PreEngagementData: JSON.stringify({ question: 'kept?' }) });
  await flexOf(first).agentJoins(chat.conversationSid, { friendlyName: 'Alex' });
  await flexOf(first).agentSays(chat.conversationSid, 'before restart', { filename: 'note.txt', contentType: 'text/plain', bytes: Buffer.from('kept bytes') });
  await flexOf(first).agentReads(chat.conversationSid);
  await first.close();

  const second = await emulator({ dataFile });
  const client = await connect(second, chat.identity);
  try {
    const conversation = await open(client, chat.conversationSid);
    assert.deepEqual((conversation.attributes as { pre_engagement_data: unknown }).pre_engagement_data, { question: 'kept?' });
    const page = await conversation.getMessages();
    assert.deepEqual(page.items.map((m) => m.body), ['before restart']);
    const url = await page.items[0]!.attachedMedia![0]!.getContentTemporaryUrl();
    assert.equal(await (await fetch(url!)).text(), 'kept bytes');
    const agent = (await conversation.getParticipants()).find((p) => p.identity === 'agent.alex');
    assert.equal(agent?.lastReadMessageIndex, 0);
    assert.equal((await agent!.getUser()).friendlyName, 'Alex');
    const next = nextEvent<Message>(conversation, 'messageAdded', (m) => m.body === 'after restart');
    await flexOf(second).agentSays(chat.conversationSid, 'after restart');
    assert.equal((await next).index, 1);
  } finally {
    await client.shutdown();
    await second.close();
  }
});

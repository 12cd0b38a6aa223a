/**
 * The official `twilio` library drives every Conversations operation the emulator answers, as a
 * site's back end or bot would: conversations, messages, participants (by SID and by identity),
 * conversation-scoped webhooks; Twilio's errors (RestException with status, code, moreInfo) and
 * pagination; and a deleted conversation disappears for the SDK, as on Twilio.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Conversation } from '@twilio/conversations';
import type { RunningEmulator } from '../../emulator/index.ts';
import { connect, createWebChat, emulator, libraryClient, nextEvent, open } from './helpers.ts';

/** The RestException a call rejects with (status, code, moreInfo), or a failure when it succeeds. */
async function restError(call: Promise<unknown>): Promise<{ status: number; code: number; moreInfo: string }> {
  try {
    await call;
  } catch (error) {
    const { status, code, moreInfo } = error as { status: number; code: number; moreInfo: string };
    return { status, code, moreInfo };
  }
  throw new Error('the call succeeded');
}

describe('the twilio library against the emulator', () => {
  let emu: RunningEmulator;
  let client: ReturnType<typeof libraryClient>;
  before(async () => {
    emu = await emulator();
    client = libraryClient(emu);
  });
  after(() => emu.close());

  test('conversations: create, fetch by SID and unique name, list by state, update, delete', async () => {
    const conversations = client.conversations.v1.conversations;
    const created = await conversations.create({
      friendlyName: 'Order 1042',
      uniqueName: 'order-1042',
      attributes: JSON.stringify({ order: 1042 }),
    });
    assert.match(created.sid, /^CH[0-9a-f]{32}$/);
    assert.equal(created.state, 'active');
    assert.deepEqual(JSON.parse(created.attributes), { order: 1042 });
    assert.equal((await conversations(created.sid).fetch()).uniqueName, 'order-1042');
    assert.equal((await conversations('order-1042').fetch()).sid, created.sid);

    const duplicate = await restError(conversations.create({ uniqueName: 'order-1042' }));
    assert.deepEqual([duplicate.status, duplicate.code], [409, 50353]);

    const closed = await conversations(created.sid).update({ friendlyName: 'Order 1042 (done)', state: 'closed' });
    assert.deepEqual([closed.friendlyName, closed.state], ['Order 1042 (done)', 'closed']);
    const listedClosed = await conversations.list({ state: 'closed' });
    assert.ok(listedClosed.some((c) => c.sid === created.sid));
    assert.ok(!(await conversations.list({ state: 'active' })).some((c) => c.sid === created.sid));

    assert.equal(await conversations(created.sid).remove(), true);
    const gone = await restError(conversations(created.sid).fetch());
    assert.deepEqual(gone, { status: 404, code: 20404, moreInfo: 'https://www.twilio.com/docs/errors/20404' });
    const again = await restError(conversations(created.sid).remove());
    assert.equal(again.code, 20404);
  });

  test('the library pages through conversations one at a time, in creation order', async () => {
    const sids: string[] = [];
    for (let i = 0; i < 3; i++) sids.push((await client.conversations.v1.conversations.create({})).sid);
    const listed = await client.conversations.v1.conversations.list({ pageSize: 1 });
    const ours = listed.map((c) => c.sid).filter((sid) => sids.includes(sid));
    assert.deepEqual(ours, sids);
    const page = await client.conversations.v1.conversations.page({ pageSize: 2 });
    assert.equal(page.instances.length, 2);
    assert.ok(page.nextPageUrl, 'a next page');
  });

  test('messages: create, list (asc and desc), fetch, update, delete', async () => {
    const chat = await createWebChat(emu);
    const messages = client.conversations.v1.conversations(chat.conversationSid).messages;
    const first = await messages.create({ author: chat.identity, body: 'Where is my order?' });
    const second = await messages.create({
      author: 'bot',
      body: 'It ships today.',
      attributes: JSON.stringify({ bot: true }),
    });
    assert.deepEqual([first.index, second.index], [0, 1]);
    assert.equal(first.participantSid !== null, true, 'the customer is a participant');
    assert.equal(second.participantSid, null, 'the bot is not');
    assert.deepEqual(
      (await messages.list({ order: 'desc' })).map((m) => m.body),
      ['It ships today.', 'Where is my order?'],
    );
    assert.equal((await messages(second.sid).fetch()).author, 'bot');
    const edited = await messages(second.sid).update({ body: 'It shipped today.' });
    assert.equal(edited.body, 'It shipped today.');
    assert.equal(await messages(first.sid).remove(), true);
    assert.deepEqual(
      (await messages.list()).map((m) => [m.index, m.body]),
      [[1, 'It shipped today.']],
    );
    assert.equal((await restError(messages(first.sid).fetch())).status, 404);
    const noBody = await restError(messages.create({ author: 'bot' }));
    assert.deepEqual([noBody.status, noBody.code], [400, 21602]);
  });

  test('participants: create, fetch and update by SID or identity, list, delete by identity', async () => {
    const chat = await createWebChat(emu);
    const participants = client.conversations.v1.conversations(chat.conversationSid).participants;
    const bot = await participants.create({ identity: 'bot', attributes: JSON.stringify({ kind: 'bot' }) });
    assert.match(bot.sid, /^MB[0-9a-f]{32}$/);
    const duplicate = await restError(participants.create({ identity: 'bot' }));
    assert.deepEqual([duplicate.status, duplicate.code], [409, 50433]);
    assert.equal((await participants('bot').fetch()).sid, bot.sid);
    assert.equal((await participants(bot.sid).fetch()).identity, 'bot');
    const updated = await participants('bot').update({
      attributes: JSON.stringify({ kind: 'bot', version: 2 }),
      lastReadMessageIndex: 0,
    });
    assert.deepEqual(JSON.parse(updated.attributes), { kind: 'bot', version: 2 });
    assert.equal(updated.lastReadMessageIndex, 0);
    assert.deepEqual((await participants.list()).map((p) => p.identity).sort(), [chat.identity, 'bot'].sort());
    assert.equal(await participants('bot').remove(), true);
    assert.equal((await restError(participants(bot.sid).fetch())).status, 404);
    const sms = await restError(participants.create({ 'messagingBinding.address': '+15551234567' }));
    assert.deepEqual([sms.status, sms.code], [400, 20001]);
  });

  test('conversation-scoped webhooks: create, list, fetch, update, delete; incomplete ones refused', async () => {
    const chat = await createWebChat(emu);
    const webhooks = client.conversations.v1.conversations(chat.conversationSid).webhooks;
    const created = await webhooks.create({
      target: 'webhook',
      'configuration.url': 'https://bot.example.com/hook',
      'configuration.filters': ['onMessageAdded'],
    });
    assert.match(created.sid, /^WH[0-9a-f]{32}$/);
    assert.deepEqual(created.configuration, {
      url: 'https://bot.example.com/hook',
      method: 'post',
      filters: ['onMessageAdded'],
    });
    assert.deepEqual(
      (await webhooks.list()).map((w) => w.sid),
      [created.sid],
    );
    assert.equal((await webhooks(created.sid).fetch()).target, 'webhook');
    const updated = await webhooks(created.sid).update({
      'configuration.filters': ['onMessageAdded', 'onParticipantAdded'],
    });
    assert.deepEqual((updated.configuration as { filters: string[] }).filters, [
      'onMessageAdded',
      'onParticipantAdded',
    ]);
    assert.equal(await webhooks(created.sid).remove(), true);
    assert.deepEqual(await webhooks.list(), []);
    const noFilters = await restError(
      webhooks.create({ target: 'webhook', 'configuration.url': 'https://bot.example.com' }),
    );
    assert.deepEqual([noFilters.status, noFilters.code], [400, 20001]);
  });

  test('a deleted conversation disappears for the SDK: conversationRemoved, and gone from its list', async () => {
    const chat = await createWebChat(emu);
    const sdk = await connect(emu, chat.identity);
    try {
      await open(sdk, chat.conversationSid);
      const removed = nextEvent<Conversation>(sdk, 'conversationRemoved', (c) => c.sid === chat.conversationSid);
      await client.conversations.v1.conversations(chat.conversationSid).remove();
      await removed;
      const subscribed = await sdk.getSubscribedConversations();
      assert.ok(!subscribed.items.some((c) => c.sid === chat.conversationSid));
      const listed = await client.conversations.v1.participantConversations.list({ identity: chat.identity });
      assert.deepEqual(listed, []);
    } finally {
      await sdk.shutdown();
    }
  });
});

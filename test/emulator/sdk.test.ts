/**
 * The real @twilio/conversations SDK (3.0.1, unmodified) against the emulator, in Node: every flow
 * the widget relies on, driven through the SDK's public API.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client, Conversation, Message, Participant } from '@twilio/conversations';
import type { RunningEmulator } from '../../emulator/index.ts';
import {
  connect,
  createWebChat,
  flexOf,
  emulator,
  nextEvent,
  open,
  postRestMessage,
  tokenFor,
  waitUntil,
} from './helpers.ts';

describe('the Conversations SDK against the emulator', () => {
  let emu: RunningEmulator;
  const clients: Client[] = [];
  const client = async (identity: string, token?: string) => {
    const c = await connect(emu, identity, token);
    clients.push(c);
    return c;
  };

  before(async () => {
    emu = await emulator();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.shutdown().catch(() => undefined)));
    await emu.close();
  });

  test('connects and opens the web chat by SID, with the pre-engagement data in its attributes', async () => {
    const chat = await createWebChat(emu, {
      PreEngagementData: JSON.stringify({ question: 'Where is my order?', email: 'a@b.c' }),
    });
    const customer = await client(chat.identity);
    assert.equal(customer.user.identity, chat.identity);
    const conversation = await open(customer, chat.conversationSid);
    assert.equal(conversation.sid, chat.conversationSid);
    assert.deepEqual((conversation.attributes as { pre_engagement_data: unknown }).pre_engagement_data, {
      question: 'Where is my order?',
      email: 'a@b.c',
    });
    assert.equal(conversation.state?.current, 'active');
    const participants = await conversation.getParticipants();
    assert.deepEqual(
      participants.map((p) => p.identity),
      [chat.identity],
    );
    assert.equal((await participants[0]!.getUser()).friendlyName, 'Ann');
  });

  test('pages through 250 messages of history', async () => {
    const chat = await createWebChat(emu);
    for (let i = 0; i < 250; i += 1) {
      const response = await postRestMessage(
        emu,
        chat.conversationSid,
        { Author: 'Concierge', Body: `message ${i}` },
        false,
      );
      assert.equal(response.status, 201);
    }
    const conversation = await open(await client(chat.identity), chat.conversationSid);
    let page = await conversation.getMessages(30);
    const seen: Message[] = [...page.items];
    while (page.hasPrevPage) {
      page = await page.prevPage();
      seen.unshift(...page.items);
    }
    assert.equal(seen.length, 250);
    assert.deepEqual(
      seen.map((m) => m.index),
      [...Array(250).keys()],
    );
    assert.equal(seen[249]!.body, 'message 249');
    assert.equal(await conversation.getMessagesCount(), 250);
  });

  test('sends and receives between the visitor and an agent, each with the SDK', async () => {
    const chat = await createWebChat(emu);
    await flexOf(emu).agentJoins(chat.conversationSid);
    const customerConversation = await open(await client(chat.identity), chat.conversationSid);
    const agentConversation = await open(await client('agent.alex'), chat.conversationSid);

    const atAgent = nextEvent<Message>(agentConversation, 'messageAdded', (m) => m.body === 'Hello?');
    const atCustomerSelf = nextEvent<Message>(customerConversation, 'messageAdded', (m) => m.body === 'Hello?');
    const index = await customerConversation.sendMessage('Hello?');
    assert.equal((await atAgent).author, chat.identity);
    assert.equal((await atCustomerSelf).index, index);

    const reply = nextEvent<Message>(customerConversation, 'messageAdded', (m) => m.body === 'Hi there');
    await agentConversation.sendMessage('Hi there');
    assert.equal((await reply).author, 'agent.alex');

    const fromConsole = nextEvent<Message>(customerConversation, 'messageAdded', (m) => m.body === 'From the console');
    await flexOf(emu).agentSays(chat.conversationSid, 'From the console');
    assert.equal((await fromConsole).author, 'agent.alex');
  });

  test('typing indicators travel both ways', async () => {
    const chat = await createWebChat(emu);
    await flexOf(emu).agentJoins(chat.conversationSid);
    const customerConversation = await open(await client(chat.identity), chat.conversationSid);
    const agentConversation = await open(await client('agent.alex'), chat.conversationSid);

    const agentTyping = nextEvent<Participant>(customerConversation, 'typingStarted');
    await flexOf(emu).agentTypes(chat.conversationSid);
    assert.equal((await agentTyping).identity, 'agent.alex');

    const customerTyping = nextEvent<Participant>(agentConversation, 'typingStarted');
    await customerConversation.typing();
    assert.equal((await customerTyping).identity, chat.identity);
  });

  test("setAllMessagesRead moves the visitor's read horizon; the agent's reaches the visitor as participantUpdated", async () => {
    const chat = await createWebChat(emu);
    await flexOf(emu).agentJoins(chat.conversationSid, { friendlyName: 'Alex' });
    await flexOf(emu).agentSays(chat.conversationSid, 'one');
    await flexOf(emu).agentSays(chat.conversationSid, 'two');
    const conversation = await open(await client(chat.identity), chat.conversationSid);
    assert.equal(await conversation.getUnreadMessagesCount(), 2);

    await conversation.setAllMessagesRead();
    await waitUntil(() => conversation.lastReadMessageIndex === 1, 'the visitor read horizon is 1');
    const detail = await flexOf(emu).conversation(chat.conversationSid);
    assert.equal(detail.participants.find((p) => p.identity === chat.identity)?.lastReadMessageIndex, 1);

    await conversation.sendMessage('three');
    const updated = nextEvent<{ participant: Participant; updateReasons: string[] }>(
      conversation,
      'participantUpdated',
      ({ participant, updateReasons }) =>
        participant.identity === 'agent.alex' && updateReasons.includes('lastReadMessageIndex'),
    );
    const read = await flexOf(emu).agentReads(chat.conversationSid);
    assert.deepEqual(read, { identity: 'agent.alex', lastReadMessageIndex: 2, unreadCount: 0 });
    assert.equal((await updated).participant.lastReadMessageIndex, 2);
  });

  test("shows the agent's display name through participant.getUser()", async () => {
    const chat = await createWebChat(emu);
    const conversation = await open(await client(chat.identity), chat.conversationSid);
    const joined = nextEvent<Participant>(conversation, 'participantJoined');
    const agent = await flexOf(emu).agentJoins(chat.conversationSid, { identity: 'agent.sam', friendlyName: 'Sam' });
    assert.deepEqual(agent, { identity: 'agent.sam', friendlyName: 'Sam' });
    const participant = await joined;
    assert.equal(participant.identity, 'agent.sam');
    assert.equal((await participant.getUser()).friendlyName, 'Sam');
  });

  test('uploads media from the SDK and downloads it; an agent attachment reaches the visitor', async () => {
    const chat = await createWebChat(emu);
    await flexOf(emu).agentJoins(chat.conversationSid);
    const conversation = await open(await client(chat.identity), chat.conversationSid);
    const bytes = Buffer.from('%PDF-1.4 a tiny file\n');
    const added = nextEvent<Message>(conversation, 'messageAdded', (m) => m.type === 'media');
    await conversation.sendMessage({ contentType: 'application/pdf', filename: 'receipt.pdf', media: bytes });
    const message = await added;
    const [media] = message.attachedMedia ?? [];
    assert.ok(media);
    assert.equal(media.filename, 'receipt.pdf');
    assert.equal(media.contentType, 'application/pdf');
    assert.equal(media.size, bytes.length);
    const url = await media.getContentTemporaryUrl();
    assert.ok(url);
    const download = await fetch(url);
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);

    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const fromAgent = nextEvent<Message>(conversation, 'messageAdded', (m) => m.author === 'agent.alex');
    await flexOf(emu).agentSays(chat.conversationSid, 'Here is the label', {
      filename: 'label.png',
      contentType: 'image/png',
      bytes: png,
    });
    const agentMessage = await fromAgent;
    assert.equal(agentMessage.body, 'Here is the label');
    const agentMedia = agentMessage.attachedMedia?.[0];
    assert.equal(agentMedia?.filename, 'label.png');
    const agentUrl = await agentMedia.getContentTemporaryUrl();
    assert.deepEqual(Buffer.from(await (await fetch(agentUrl!)).arrayBuffer()), png);

    const detail = await flexOf(emu).conversation(chat.conversationSid);
    const listed = detail.messages.flatMap((m) => m.media);
    assert.deepEqual(
      listed.map((m) => m.filename),
      ['receipt.pdf', 'label.png'],
    );
    const direct = await fetch(listed[0]!.url);
    assert.equal(direct.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(Buffer.from(await direct.arrayBuffer()), bytes);
  });

  test('a Content template reaches the visitor: contentSid, its text as body, getContentData() parses it, no attachment', async () => {
    const chat = await createWebChat(emu);
    await flexOf(emu).agentJoins(chat.conversationSid);
    const conversation = await open(await client(chat.identity), chat.conversationSid);
    const quickReply = {
      'twilio/quick-reply': {
        body: 'What can we help with?',
        actions: [
          { title: 'Track my order', id: 'track' },
          { title: 'Returns', id: 'returns' },
        ],
      },
    };
    const added = nextEvent<Message>(conversation, 'messageAdded', (m) => m.author === 'agent.alex');
    const posted = await flexOf(emu).agentSendsContent(chat.conversationSid, quickReply);
    assert.match(posted.contentSid ?? '', /^HX[0-9a-f]{32}$/);
    assert.deepEqual(posted.media, [], 'the template is not an attachment');
    const message = await added;
    assert.equal(message.contentSid, posted.contentSid);
    assert.equal(message.body, 'What can we help with?');
    assert.deepEqual(message.attachedMedia ?? [], []);
    const data = await message.getContentData();
    assert.equal(data?.type, 'quickReply');
    assert.deepEqual(data?.type === 'quickReply' ? data.replies : undefined, quickReply['twilio/quick-reply'].actions);

    const card = {
      'twilio/card': {
        title: 'Order 1234',
        subtitle: 'Shipped today',
        media: ['https://example.com/parcel.jpg'],
        actions: [
          { type: 'URL', title: 'Track parcel', url: 'https://example.com/track/1234' },
          { type: 'QUICK_REPLY', title: 'Talk to an agent', id: 'agent' },
        ],
      },
    };
    const cardAdded = nextEvent<Message>(
      conversation,
      'messageAdded',
      (m) => m.contentSid !== null && m.body !== 'What can we help with?',
    );
    await flexOf(emu).agentSendsContent(chat.conversationSid, card);
    const cardData = await (await cardAdded).getContentData();
    assert.equal(cardData?.type, 'card');
    if (cardData?.type === 'card') {
      assert.equal(cardData.title, 'Order 1234');
      assert.deepEqual(cardData.media, ['https://example.com/parcel.jpg']);
      assert.deepEqual(
        cardData.actions.map((a) => a.type),
        ['url', 'reply'],
      );
    }
  });

  test('the control API refuses a template Twilio would refuse, naming the field', async () => {
    const chat = await createWebChat(emu);
    for (const [content, message] of [
      [{ 'twilio/unknown': {} }, /unknown type "twilio\/unknown"/],
      [{ 'twilio/quick-reply': { body: 'Q', actions: [] } }, /actions must have 1 to 10/],
      [{ 'twilio/quick-reply': { body: 'Q', actions: [{ title: 'x'.repeat(21) }] } }, /title must be at most 20/],
      [
        { 'twilio/card': { title: 'T', actions: [{ type: 'URL', title: 'Go', url: 'javascript:alert(1)' }] } },
        /url must be an http\(s\) URL/,
      ],
      [
        { 'twilio/call-to-action': { body: 'B', actions: [{ type: 'PHONE_NUMBER', title: 'Call', phone: '555' }] } },
        /E\.164/,
      ],
      [{ 'twilio/list-picker': { body: 'B', button: 'Pick', items: [{ id: 'a' }] } }, /items\[0\]\.item is required/],
      [{ 'twilio/location': { latitude: 91, longitude: 0 } }, /latitude/],
    ] as const) {
      await assert.rejects(flexOf(emu).agentSendsContent(chat.conversationSid, content), message);
    }
  });

  test("closing the conversation reaches the visitor as 'updated' with reason 'state'", async () => {
    const chat = await createWebChat(emu);
    const conversation = await open(await client(chat.identity), chat.conversationSid);
    const updated = nextEvent<{ conversation: Conversation; updateReasons: string[] }>(
      conversation,
      'updated',
      ({ updateReasons }) => updateReasons.includes('state'),
    );
    await flexOf(emu).setState(chat.conversationSid, 'closed');
    assert.equal((await updated).conversation.state?.current, 'closed');
    await assert.rejects(conversation.sendMessage('too late'));
  });

  test('tokenAboutToExpire → updateToken → the client keeps working', async () => {
    const chat = await createWebChat(emu);
    const customer = await client(chat.identity);
    const conversation = await open(customer, chat.conversationSid);
    const warned = nextEvent(customer, 'tokenAboutToExpire');
    const notified = await flexOf(emu).tokensAboutToExpire();
    assert.ok(notified.notifiedConnections >= 1);
    await warned;
    await customer.updateToken(tokenFor(emu, chat.identity, 7200));
    const echoed = nextEvent<Message>(conversation, 'messageAdded', (m) => m.body === 'after refresh');
    await conversation.sendMessage('after refresh');
    await echoed;
  });

  test('an expired token ends in tokenExpired, both live and at connect', async () => {
    const chat = await createWebChat(emu);
    const customer = await client(chat.identity);
    await open(customer, chat.conversationSid);
    const expired = nextEvent(customer, 'tokenExpired');
    await flexOf(emu).tokensExpire();
    await expired;

    const { Client: SdkClient } = await import('@twilio/conversations');
    const stale = new SdkClient(tokenFor(emu, chat.identity, -10), {
      Twilsock: { uri: emu.twilsockUrl },
    });
    clients.push(stale);
    await nextEvent(stale, 'tokenExpired');
  });

  test('a forged token is rejected', async () => {
    const { Client: SdkClient } = await import('@twilio/conversations');
    const forged = tokenFor(
      { ...emu, credentials: { ...emu.credentials, apiKeySecret: 'not-the-emulator-secret-000000' } },
      'mallory',
    );
    const intruder = new SdkClient(forged, { Twilsock: { uri: emu.twilsockUrl } });
    clients.push(intruder);
    const error = await nextEvent<{ terminal: boolean; errorCode?: number | null; httpStatusCode?: number | null }>(
      intruder,
      'connectionError',
    );
    assert.equal(error.terminal, true);
    assert.equal(error.httpStatusCode, 401);
    assert.equal(error.errorCode, 20107);
  });

  test('a dropped socket reconnects with no event lost or duplicated', async () => {
    const chat = await createWebChat(emu);
    await flexOf(emu).agentJoins(chat.conversationSid);
    const customer = await client(chat.identity);
    const conversation = await open(customer, chat.conversationSid);
    const received: number[] = [];
    conversation.on('messageAdded', (m: Message) => received.push(m.index));
    const say = (body: string) => flexOf(emu).agentSays(chat.conversationSid, body);

    await say('before');
    await waitUntil(() => received.length === 1, 'the first message arrived');
    const states: string[] = [];
    customer.on('connectionStateChanged', (s: string) => states.push(s));
    const dropped = await flexOf(emu).faults({ dropConnections: true });
    assert.ok(dropped.droppedConnections >= 1);
    await say('while away 1');
    await say('while away 2');
    await waitUntil(() => states.includes('connecting'), 'the client noticed the drop');
    await waitUntil(() => customer.connectionState === 'connected', 'the client reconnected');
    await say('after');
    await waitUntil(() => received.length >= 4, 'every message arrived');
    // Events reach the client in order: once a later marker has arrived, any duplicate replay would have too.
    await say('marker');
    await waitUntil(() => received.includes(4), 'the marker arrived');
    assert.deepEqual(received, [0, 1, 2, 3, 4]);
  });
});

/**
 * The agent console (/agent) in Chromium against the emulator, with a real SDK client as the
 * visitor: queue, accept, live history, reply, typing, read on view, files, ending the chat.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client, Conversation, Message, Participant } from '@twilio/conversations';
import type { Browser, Page } from 'playwright-core';
import type { RunningEmulator } from '../../emulator/index.ts';
import { launchChromium, recordCspViolations, violations } from '../../scripts/harness/browser.ts';
import { connect, createWebChat, flexOf, emulator, nextEvent, open, postRestMessage, waitUntil } from './helpers.ts';

let emu: RunningEmulator;
let browser: Browser;
let page: Page;
let visitor: Client;
let conversation: Conversation;
let sid: string;
let identity: string;

const detail = () => flexOf(emu).conversation(sid);

before(async () => {
  emu = await emulator({ autoAgent: false });
  ({ conversationSid: sid, identity } = await createWebChat(emu, {
    PreEngagementData: JSON.stringify({ question: 'Where is my order?', friendlyName: 'Ann' }),
  }));
  assert.equal((await postRestMessage(emu, sid, { Author: identity, Body: 'Where is my order?' }, true)).status, 201);
  visitor = await connect(emu, identity);
  conversation = await open(visitor, sid);
  browser = await launchChromium();
  page = await browser.newPage();
  await recordCspViolations(page);
  await page.goto(`${emu.url}/agent`);
});

after(async () => {
  await browser?.close();
  await visitor?.shutdown();
  await emu?.close();
});

test('a new chat waits in the queue with its pre-engagement data and unread count', async () => {
  const item = page.getByRole('button', { name: /Ann/ });
  await item.getByText('waiting').waitFor();
  await item.getByText('1 unread').waitFor();
  await item.click();
  await page.getByRole('heading', { name: 'Ann' }).waitFor();
  await page.getByText('Where is my order?').first().waitFor();
  await page.getByText('Accept the conversation to reply.').waitFor();
});

test('accepting joins an agent with the name typed in the console', async () => {
  await page.getByLabel('Agent name').fill('Sam');
  const joined = nextEvent<Participant>(conversation, 'participantJoined');
  await page.getByRole('button', { name: 'Accept as Sam' }).click();
  const participant = await joined;
  const user = await participant.getUser();
  assert.equal(user.friendlyName, 'Sam');
  const agent = (await detail()).participants.find((p) => p.role === 'agent');
  assert.equal(agent?.friendlyName, 'Sam');
});

test("viewing the conversation advances the agent's read horizon", async () => {
  await waitUntil(
    async () => (await detail()).participants.find((p) => p.role === 'agent')?.lastReadMessageIndex === 0,
    'the agent read message 0',
  );
});

test("the visitor's messages appear live; the agent's typing and reply reach the visitor", async () => {
  await conversation.sendMessage('Order 1234');
  await page.getByRole('log', { name: 'Messages' }).getByText('Order 1234').waitFor();

  const typing = nextEvent<Participant>(conversation, 'typingStarted');
  await page.getByLabel('Reply').pressSequentially('It ships');
  await typing;

  const reply = nextEvent<Message>(conversation, 'messageAdded', (m) => m.body === 'It ships today.');
  await page.getByLabel('Reply').pressSequentially(' today.');
  await page.getByLabel('Reply').press('Enter');
  const message = await reply;
  const agent = (await detail()).participants.find((p) => p.role === 'agent');
  assert.equal(message.author, agent?.identity);
  await waitUntil(async () => (await page.getByLabel('Reply').inputValue()) === '', 'the composer is cleared');
});

test('one visitor message costs the console at most one request (its read receipt): the live event carries the change', async () => {
  const quiet = async () => {
    const now = await detail();
    return now.participants.find((p) => p.role === 'agent')?.lastReadMessageIndex === now.messages.at(-1)?.index;
  };
  await waitUntil(quiet, 'the console has read everything before');
  const requests: string[] = [];
  const record = (request: { method(): string; url(): string; postData(): string | null }) =>
    void requests.push(`${request.method()} ${new URL(request.url()).pathname} ${request.postData() ?? ''}`);
  page.on('request', record);
  try {
    const before = (await detail()).messages.length;
    await conversation.sendMessage('Is it insured?');
    await page.getByRole('log', { name: 'Messages' }).getByText('Is it insured?').waitFor();
    await waitUntil(
      async () => (await detail()).participants.find((p) => p.role === 'agent')?.lastReadMessageIndex === before,
      'the agent read it on view',
    );
    // Observed: the read receipt's own change reaches the console and is applied without a request.
    await page
      .getByRole('button', { name: /Ann/ })
      .getByText(/unread/)
      .waitFor({ state: 'detached' });
  } finally {
    page.off('request', record);
  }
  assert.ok(requests.length <= 1, `requests: ${requests.join(', ')}`);
  assert.deepEqual(
    requests.filter((r) => !r.startsWith('POST /emulator/conversations/')),
    [],
  );
});

test('the console shows the visitor typing', async () => {
  await conversation.typing();
  await page.getByText('Ann is typing…').waitFor();
});

test('a file sent from the console reaches the visitor as media', async () => {
  const received = nextEvent<Message>(conversation, 'messageAdded', (m) => (m.attachedMedia?.length ?? 0) > 0);
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  const message = await received;
  assert.equal(message.attachedMedia?.[0]?.filename, 'invoice.pdf');
  assert.equal(message.attachedMedia?.[0]?.contentType, 'application/pdf');
  await page.getByRole('link', { name: /invoice\.pdf/ }).waitFor();
});

test('direction controls in a visitor\'s file name are not rendered (no "invoice…exe.pdf" spoof)', async () => {
  await conversation
    .prepareMessage()
    .addMedia({ contentType: 'application/pdf', filename: 'invoice\u202Efdp.exe', media: Buffer.from('MZ') })
    .build()
    .send();
  const link = page.getByRole('log', { name: 'Messages' }).getByRole('link', { name: /^invoicefdp\.exe/ });
  await link.waitFor();
  const controls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
  assert.doesNotMatch((await link.textContent()) ?? '', controls);
  assert.equal(await link.getAttribute('download'), 'invoicefdp.exe');
});

test("the console sends a quick reply and a card as Content templates; a bad one shows the emulator's error", async () => {
  await page.getByText('Send rich content').click();
  const form = page.getByRole('form', { name: 'Rich content' });
  await form.getByLabel('Question').fill('What can we help with?');
  await form.getByLabel(/^Buttons/).fill('Track my order | track\nReturns');
  let received = nextEvent<Message>(conversation, 'messageAdded', (m) => m.contentSid !== null);
  await form.getByRole('button', { name: 'Send quick reply' }).click();
  let message = await received;
  assert.match(message.contentSid ?? '', /^HX[0-9a-f]{32}$/);
  assert.equal(message.body, 'What can we help with?');
  const quickReply = await message.getContentData();
  assert.equal(quickReply?.type, 'quickReply');
  assert.deepEqual(quickReply?.type === 'quickReply' ? quickReply.replies : undefined, [
    { title: 'Track my order', id: 'track' },
    { title: 'Returns', id: 'returns' },
  ]);
  await page.getByText(`Content template ${message.contentSid}`).waitFor();
  assert.equal(await form.getByLabel('Question').inputValue(), '', 'the form is cleared once sent');

  // The visitor's answer shows which reply was chosen.
  await conversation
    .prepareMessage()
    .setBody('Returns')
    .setAttributes({ contentReply: { inReplyTo: message.sid, id: 'returns' } })
    .build()
    .send();
  await page.getByText('Quick reply chosen: returns').waitFor();

  await form.getByLabel('Card').check();
  await form.getByLabel('Card title').fill('Order 1234');
  await form.getByLabel('Subtitle').fill('Shipped today');
  await form.getByLabel('Image URL').fill('https://example.com/parcel.jpg');
  await form.getByLabel('Link title').fill('Track parcel');
  await form.getByLabel('Link URL').fill('https://example.com/track');
  await form.getByLabel('Reply button').fill('Talk to an agent');
  await form.getByLabel('Reply id').fill('agent');
  received = nextEvent<Message>(conversation, 'messageAdded', (m) => m.contentSid !== null);
  await form.getByRole('button', { name: 'Send card' }).click();
  message = await received;
  const card = await message.getContentData();
  assert.equal(card?.type, 'card');
  if (card?.type !== 'card') return;
  assert.equal(card.title, 'Order 1234');
  assert.equal(card.subtitle, 'Shipped today');
  assert.deepEqual(card.media, ['https://example.com/parcel.jpg']);
  assert.deepEqual(
    card.actions.map((a) => [a.type, 'title' in a ? a.title : '']),
    [
      ['url', 'Track parcel'],
      ['reply', 'Talk to an agent'],
    ],
  );

  // What the Content API refuses, the console says (and keeps the form).
  await form.getByLabel('Card title').fill('Bad link');
  await form.getByLabel('Link title').fill('Run');
  await form.getByLabel('Link URL').fill('javascript:alert(1)');
  await form.getByRole('button', { name: 'Send card' }).click();
  await page
    .getByRole('alert')
    .getByText(/must be an http\(s\) URL/)
    .waitFor();
  assert.equal(await form.getByLabel('Card title').inputValue(), 'Bad link');
  await page.getByText('Send rich content').click();
  await form.waitFor({ state: 'detached' });
});

test('ending the conversation closes it for the visitor and disables the reply box', async () => {
  const updated = nextEvent<{ updateReasons: string[] }>(conversation, 'updated', (u) =>
    u.updateReasons.includes('state'),
  );
  await page.getByRole('button', { name: 'End conversation' }).click();
  await updated;
  assert.equal(conversation.state?.current, 'closed');
  assert.equal((await detail()).state, 'closed');
  await page.locator('#reply-text:disabled').waitFor();
  await page.getByRole('button', { name: 'End conversation' }).waitFor({ state: 'detached' });
});

test('the console ran under its strict CSP without a violation', async () => {
  assert.deepEqual(await violations(page), []);
});

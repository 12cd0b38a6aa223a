/**
 * The whole story, end to end: Chromium on the demo host page (strict CSP) → the loader → the
 * widget with the real @twilio/conversations SDK → our server → the Flex emulator, which plays
 * the agent through its control API. Asserts what the visitor sees and what Flex holds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordCspViolations, violations } from '../../scripts/harness/browser.ts';
import { useRealStack } from '../support/fixtures.ts';
import { makePdf, makePng } from '../../scripts/harness/files.ts';
import {
  attach,
  bodiesBy,
  bubbles,
  collectPageErrors,
  customerOf,
  messageLog,
  openPanel,
  say,
  startChat,
  waitFor,
} from './support/e2e.ts';

const rig = useRealStack({ emulator: { autoAgent: false } });

test('open → form → question and welcome → agent joins, types, replies, reads → files both ways → reload resumes → agent ends → a new chat', async () => {
  const context = await rig.browser.newContext();
  await recordCspViolations(context);
  const errors = collectPageErrors(context);
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);

  // Open → the pre-engagement form → the question, then the Concierge welcome.
  const w = await openPanel(page);
  await startChat(page, { name: 'Ann', email: 'ann@example.com', question: 'Where is my order?' });
  const log = messageLog(page);
  await log.getByText('Welcome Ann!', { exact: false }).waitFor();
  assert.deepEqual((await bubbles(page)).slice(0, 2), [
    'Where is my order?',
    'Welcome Ann! An agent will be with you in just a moment.',
  ]);
  await log.getByText('You', { exact: true }).waitFor();
  await log.getByText('Concierge', { exact: true }).waitFor();
  assert.equal(
    await log.getByText('New messages').count(),
    0,
    'no "New messages" divider in a chat the visitor is watching start',
  );

  assert.equal(
    await w.getByText('This browser blocks storage for the chat', { exact: false }).count(),
    0,
    'same-site frame: storage works',
  );

  const first = await rig.flex.onlyConversation();
  const visitor = customerOf(first);
  assert.equal(visitor.friendlyName, 'Ann');
  assert.deepEqual(first.attributes.pre_engagement_data, {
    email: 'ann@example.com',
    friendlyName: 'Ann',
    question: 'Where is my order?',
    context: { pageUrl: rig.stack.hostUrl, pageTitle: 'Demo shop: Flex Webchat' },
  });
  assert.equal(first.waitingForAgent, true, 'the question went to Flex (webhooks on)');
  assert.deepEqual(bodiesBy(first, visitor.identity), ['Where is my order?']);

  // The agent joins, types ("Alex is typing…", by name, not identity), replies; announced politely.
  await rig.flex.agentJoins(first.sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  // The SDK drops a typing signal from a participant it does not know yet: Alex must have joined for it.
  await log.getByText('Alex joined the chat').waitFor();
  await rig.flex.agentTypes(first.sid);
  await w.getByText('Alex is typing…').waitFor();
  await rig.flex.agentSays(first.sid, "Hi Ann, I'm Alex. Let me look that up.");
  await log.getByText("Hi Ann, I'm Alex. Let me look that up.").waitFor();
  await log.getByText('Alex', { exact: true }).waitFor();
  await w.getByText('Alex is typing…').waitFor({ state: 'hidden' });
  await waitFor('the polite announcement of the reply', async () =>
    (await w.locator('[aria-live="polite"]').allInnerTexts()).includes(
      "Message from Alex: Hi Ann, I'm Alex. Let me look that up.",
    ),
  );
  assert.equal(await log.getByText('agent.alex').count(), 0, 'the identity is never shown');

  // The visitor answers; "Read" appears under it once the agent has read it.
  await say(page, 'Order 1042, placed on Monday.');
  await waitFor('the reply in Flex', async () =>
    bodiesBy(await rig.flex.conversation(first.sid), visitor.identity).includes('Order 1042, placed on Monday.'),
  );
  assert.equal(await log.getByText('Read', { exact: true }).count(), 0);
  await rig.flex.agentReads(first.sid);
  const receipt = log
    .locator('.message', { hasText: 'Order 1042, placed on Monday.' })
    .getByText('Read', { exact: true });
  await receipt.waitFor();
  assert.equal(await log.getByText('Read', { exact: true }).count(), 1, '"Read" only under the latest message read');

  // An image and a PDF from the visitor: a thumbnail and a download chip; Flex has the bytes.
  const photo = makePng(8, 6, [200, 40, 40]);
  const invoice = makePdf('Invoice 1042');
  await attach(page, { name: 'parcel.png', mimeType: 'image/png', buffer: photo });
  const ownImage = log.getByRole('img', { name: 'Image: parcel.png' });
  await ownImage.waitFor();
  await waitFor('the thumbnail to load', () =>
    ownImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 8),
  );
  await attach(page, { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: invoice });
  const ownChip = log.getByRole('link', { name: 'Download invoice.pdf' });
  await ownChip.waitFor();
  assert.match(await ownChip.innerText(), /invoice\.pdf/);

  const withFiles = await waitFor('both files in Flex', async () => {
    const c = await rig.flex.conversation(first.sid);
    const media = c.messages.filter((m) => m.author === visitor.identity).flatMap((m) => m.media);
    return media.length === 2 ? media : undefined;
  });
  assert.deepEqual(
    withFiles.map((m) => [m.filename, m.contentType, m.size]),
    [
      ['parcel.png', 'image/png', photo.length],
      ['invoice.pdf', 'application/pdf', invoice.length],
    ],
  );
  assert.deepEqual(Buffer.from(await rig.flex.mediaBytes(withFiles[0]!.url)), photo);
  assert.deepEqual(Buffer.from(await rig.flex.mediaBytes(withFiles[1]!.url)), invoice);

  // …and an image and a PDF from the agent.
  const label = makePng(12, 4, [20, 120, 40]);
  const receiptPdf = makePdf('Refund receipt');
  await rig.flex.agentSays(first.sid, 'Here is the shipping label.', {
    filename: 'label.png',
    contentType: 'image/png',
    bytes: label,
  });
  await rig.flex.agentSays(first.sid, '', {
    filename: 'refund.pdf',
    contentType: 'application/pdf',
    bytes: receiptPdf,
  });
  const agentImage = log.getByRole('img', { name: 'Image: label.png' });
  await agentImage.waitFor();
  await waitFor('the agent image to load', () =>
    agentImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 12),
  );
  const agentChip = log.getByRole('link', { name: 'Download refund.pdf' });
  await agentChip.waitFor();
  const href = await waitFor('the download URL', () => agentChip.getAttribute('href'));
  assert.deepEqual(Buffer.from(await rig.flex.mediaBytes(href)), receiptPdf, 'the chip downloads the agent’s file');

  // Reload mid-chat: the conversation comes back with its history, no form.
  await page.reload();
  const again = await openPanel(page);
  await messageLog(page).getByText('Order 1042, placed on Monday.').waitFor();
  await messageLog(page).getByRole('img', { name: 'Image: label.png' }).waitFor();
  await messageLog(page).getByRole('link', { name: 'Download refund.pdf' }).waitFor();
  assert.deepEqual((await bubbles(page)).slice(0, 3), [
    'Where is my order?',
    'Welcome Ann! An agent will be with you in just a moment.',
    "Hi Ann, I'm Alex. Let me look that up.",
  ]);
  assert.equal(await again.getByRole('button', { name: 'Start chat' }).count(), 0, 'no form after a reload');
  await say(page, 'Thanks!');
  await waitFor('the message after the reload in Flex', async () =>
    bodiesBy(await rig.flex.conversation(first.sid), visitor.identity).includes('Thanks!'),
  );
  assert.equal((await rig.flex.conversations()).length, 1, 'still the same conversation');

  // The agent ends the conversation → the ended view; the loader forgets the returning visitor.
  await rig.flex.setState(first.sid, 'closed');
  await again.getByText('This conversation has ended.').waitFor();
  assert.equal(await again.getByRole('textbox', { name: 'Type a message' }).count(), 0, 'no composer once ended');
  await waitFor('the loader to clear its flag', () =>
    page.evaluate(() => localStorage.getItem('flex-webchat') === null),
  );

  // "Start new chat" → the form, prefilled → a second conversation in Flex.
  await again.getByRole('button', { name: 'Start new chat' }).click();
  assert.equal(await again.getByLabel('Name').inputValue(), 'Ann');
  assert.equal(await again.getByLabel('Email').inputValue(), 'ann@example.com');
  await again.getByLabel('How can we help?').fill('One more thing');
  await again.getByRole('button', { name: 'Start chat' }).click();
  await messageLog(page).getByText('One more thing').waitFor();
  assert.equal(
    await messageLog(page).getByText('Order 1042, placed on Monday.').count(),
    0,
    'the old conversation is gone',
  );

  const all = await waitFor('a second conversation', async () => {
    const list = await rig.flex.conversations();
    return list.length === 2 ? list : undefined;
  });
  const second = all.find((c) => c.sid !== first.sid)!;
  assert.equal(second.state, 'active');
  assert.equal(customerOf(second).friendlyName, 'Ann');
  assert.deepEqual(bodiesBy(await rig.flex.conversation(second.sid), customerOf(second).identity), ['One more thing']);
  assert.equal((await rig.flex.conversation(first.sid)).state, 'closed');

  assert.deepEqual(await violations(page), [], 'no CSP violation on the host page or in the widget');
  assert.deepEqual(errors, []);
  await context.close();
});

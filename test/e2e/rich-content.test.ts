/**
 * End to end: Content templates from a bot or agent (posted through the emulator as Studio's
 * Send & Wait would) render in the widget by type; a tapped quick reply (or list item, or card
 * reply action) arrives at the emulator with its `contentReply` attributes, and the message's
 * choices are disabled and the choice marked, after a reload too. Links are https: (new tab) and
 * tel: only; a hostile URL injected into a template is no link; content that cannot be read
 * falls back to the body.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { recordCspViolations, violations } from '../../scripts/harness/browser.ts';
import type { ControlMessage, ConversationDetail } from '../../emulator/control-client.ts';
import { useRealStack } from '../support/fixtures.ts';
import {
  collectPageErrors,
  conversationWith,
  customerOf,
  messageLog,
  openPanel,
  startChat,
  waitFor,
} from './support/e2e.ts';

const rig = useRealStack({ emulator: { autoAgent: false } });

interface Chat {
  context: BrowserContext;
  page: Page;
  conversation: ConversationDetail;
  visitor: string;
  errors: string[];
}

async function chat(question: string, prepare?: (context: BrowserContext) => Promise<void>): Promise<Chat> {
  const context = await rig.browser.newContext();
  await prepare?.(context);
  await recordCspViolations(context);
  const errors = collectPageErrors(context);
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  await startChat(page, { name: 'Ann', question });
  const conversation = await conversationWith(rig.flex, question);
  await rig.flex.agentJoins(conversation.sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  return { context, page, conversation, visitor: customerOf(conversation).identity, errors };
}

/** The visitor's message that answers `to`, once it has reached the emulator. */
async function replyTo(chat: Chat, to: ControlMessage): Promise<ControlMessage> {
  return waitFor('the reply at the emulator', async () =>
    (await rig.flex.conversation(chat.conversation.sid)).messages.find(
      (m) =>
        m.author === chat.visitor &&
        (m.attributes.contentReply as { inReplyTo?: unknown } | undefined)?.inReplyTo === to.sid,
    ),
  );
}

/** Waits until the template message showing `text` has tried its content (no longer busy). */
async function settled(log: ReturnType<typeof messageLog>, text: string): Promise<void> {
  await log.locator('.message', { hasText: text }).locator('.rich[aria-busy="false"]').waitFor({ state: 'attached' });
}

async function finish(chat: Chat): Promise<void> {
  assert.deepEqual(chat.errors, []);
  assert.deepEqual(await violations(chat.page), [], 'no CSP violation');
  await chat.context.close();
}

test('a quick reply: tapped, it arrives with its contentReply; the buttons are disabled and the choice marked, after a reload too', async () => {
  const c = await chat('Quick reply?');
  const question = await rig.flex.agentSendsContent(c.conversation.sid, {
    'twilio/quick-reply': {
      body: 'What can we help with?',
      actions: [
        { title: 'Track my order', id: 'track' },
        { title: 'Returns', id: 'returns' },
      ],
    },
  });
  const choices = messageLog(c.page).getByRole('group', { name: 'Choose an option' });
  const returns = choices.getByRole('button', { name: 'Returns' });
  const track = choices.getByRole('button', { name: 'Track my order' });
  await returns.waitFor();
  assert.equal(await messageLog(c.page).getByText('What can we help with?').count(), 1, 'the body shows once');
  assert.equal(await returns.getAttribute('aria-disabled'), null);

  // Keyboard: focus the reply and press Enter.
  await returns.focus();
  await c.page.keyboard.press('Enter');
  const answer = await replyTo(c, question);
  assert.equal(answer.body, 'Returns');
  assert.deepEqual(answer.attributes.contentReply, { inReplyTo: question.sid, id: 'returns' });

  const marked = async (): Promise<void> => {
    await waitFor('the choice marked', async () => (await returns.getAttribute('aria-pressed')) === 'true');
    assert.equal(await returns.getAttribute('aria-disabled'), 'true');
    assert.equal(await track.getAttribute('aria-disabled'), 'true');
    assert.equal(await track.getAttribute('aria-pressed'), 'false');
  };
  await marked();
  // A second tap sends nothing.
  await track.click({ force: true });
  await returns.click({ force: true });

  await c.page.reload();
  await openPanel(c.page);
  await track.waitFor();
  await marked();
  const replies = (await rig.flex.conversation(c.conversation.sid)).messages.filter(
    (m) => m.author === c.visitor && m.attributes.contentReply !== undefined,
  );
  assert.equal(replies.length, 1, 'one answer, however often the buttons are tapped');
  await finish(c);
});

test('a card (image, URL and phone actions as links, a quick-reply action), a list picker, call to action, location, text and media', async () => {
  const c = await chat('Rich content?');
  const log = messageLog(c.page);

  const card = await rig.flex.agentSendsContent(c.conversation.sid, {
    'twilio/card': {
      title: 'Order 1234',
      subtitle: 'Shipped today',
      media: ['https://cdn.example.com/parcel.jpg'],
      actions: [
        { type: 'URL', title: 'Track parcel', url: 'https://example.com/track?o=1234' },
        { type: 'QUICK_REPLY', title: 'Talk to an agent', id: 'agent' },
        { type: 'PHONE_NUMBER', title: 'Call us', phone: '+15551234567' },
      ],
    },
  });
  await log.getByText('Order 1234', { exact: true }).waitFor();
  assert.equal(await log.getByText('Shipped today').count(), 1);
  assert.equal(await log.locator('.rich-card img').getAttribute('src'), 'https://cdn.example.com/parcel.jpg');
  const trackLink = log.getByRole('link', { name: 'Track parcel' });
  assert.equal(await trackLink.getAttribute('href'), 'https://example.com/track?o=1234');
  assert.equal(await trackLink.getAttribute('target'), '_blank');
  assert.equal(await trackLink.getAttribute('rel'), 'noopener noreferrer');
  const callCard = log.getByRole('link', { name: 'Call us' });
  assert.equal(await callCard.getAttribute('href'), 'tel:+15551234567');
  assert.equal(await callCard.getAttribute('target'), null);
  await log.getByRole('group', { name: 'Choose an option' }).getByRole('button', { name: 'Talk to an agent' }).click();
  assert.deepEqual((await replyTo(c, card)).attributes.contentReply, { inReplyTo: card.sid, id: 'agent' });

  // A list picker: a button opening a list; arrows move, Escape closes, choosing sends the item's id.
  const picker = await rig.flex.agentSendsContent(c.conversation.sid, {
    'twilio/list-picker': {
      body: 'Which store?',
      button: 'Pick a store',
      items: [
        { id: 'store-north', item: 'North', description: 'Open until 8 pm' },
        { id: 'store-south', item: 'South', description: 'Open until 6 pm' },
      ],
    },
  });
  const open = log.getByRole('button', { name: 'Pick a store' });
  await open.waitFor();
  assert.equal(await open.getAttribute('aria-expanded'), 'false');
  await open.click();
  const list = log.getByRole('list', { name: 'Choose an option' });
  await list.waitFor();
  assert.equal(await open.getAttribute('aria-expanded'), 'true');
  const north = list.getByRole('button', { name: 'North' });
  assert.ok(await north.evaluate((el) => el === document.activeElement), 'the first item has the focus');
  assert.ok(await north.getAttribute('aria-describedby'), 'its description is referenced');
  assert.equal(await list.getByText('Open until 8 pm').count(), 1);
  await c.page.keyboard.press('Escape');
  assert.equal(await list.count(), 0);
  assert.ok(await open.evaluate((el) => el === document.activeElement), 'the focus is back on the button');
  await c.page.keyboard.press('Enter');
  await waitFor('the first item focused', () => north.evaluate((el) => el === document.activeElement || undefined));
  await c.page.keyboard.press('ArrowDown');
  await c.page.keyboard.press('Enter');
  const store = await replyTo(c, picker);
  assert.equal(store.body, 'South');
  assert.deepEqual(store.attributes.contentReply, { inReplyTo: picker.sid, id: 'store-south' });
  await open.click();
  await waitFor(
    'the chosen item marked',
    async () => (await list.getByRole('button', { name: 'South' }).getAttribute('aria-pressed')) === 'true',
  );
  assert.equal(await list.getByRole('button', { name: 'North' }).getAttribute('aria-disabled'), 'true');

  // Call to action: https (new tab) and tel: links.
  await rig.flex.agentSendsContent(c.conversation.sid, {
    'twilio/call-to-action': {
      body: 'Need more help?',
      actions: [
        { type: 'URL', title: 'Help centre', url: 'https://example.com/help' },
        { type: 'PHONE_NUMBER', title: 'Phone us', phone: '+441234567890' },
      ],
    },
  });
  const help = log.getByRole('link', { name: 'Help centre' });
  await help.waitFor();
  assert.equal(await help.getAttribute('href'), 'https://example.com/help');
  assert.equal(await help.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await log.getByRole('link', { name: 'Phone us' }).getAttribute('href'), 'tel:+441234567890');

  // Location: a link to the map.
  await rig.flex.agentSendsContent(c.conversation.sid, {
    'twilio/location': { latitude: 51.5072, longitude: -0.1276, label: 'Our London store' },
  });
  const map = log.getByRole('link', { name: 'Open map' });
  await map.waitFor();
  assert.equal(
    await map.getAttribute('href'),
    'https://www.openstreetmap.org/?mlat=51.5072&mlon=-0.1276#map=16/51.5072/-0.1276',
  );
  assert.equal(await log.getByText('Our London store').count(), 1);

  // Text as Markdown; media as the image (or, when it is not one, a link to the file).
  await rig.flex.agentSendsContent(c.conversation.sid, { 'twilio/text': { body: 'All **done**, thanks!' } });
  await log.locator('strong', { hasText: 'done' }).waitFor();
  await rig.flex.agentSendsContent(c.conversation.sid, {
    'twilio/media': { body: 'Your receipt', media: ['https://files.example.com/receipt.png'] },
  });
  await waitFor('the media link', async () =>
    (await log.locator('a[href="https://files.example.com/receipt.png"]').count()) === 1 ? true : undefined,
  );
  await finish(c);
});

test('hostile URLs injected into a template make no link; unreadable content falls back to the body', async () => {
  const c = await chat('Hostile?');
  const log = messageLog(c.page);
  await c.page.evaluate(() => ((window as unknown as { pwned: number }).pwned = 0));

  // The template's bytes as the SDK fetches them (/mcs/content/ME…), rewritten on the way: what a
  // tampered or buggy template source would give the widget.
  const rewrite = async (replace: (text: string) => string): Promise<() => Promise<void>> => {
    const pattern = /\/mcs\/content\//;
    await c.context.route(pattern, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: replace(await response.text()) });
    });
    return () => c.context.unroute(pattern);
  };

  let stop = await rewrite((text) =>
    text
      .replace('https://example.com/evil-1', 'javascript:parent.pwned=1')
      .replace('https://example.com/evil-2', 'data:text/html,<script>parent.pwned=1</script>')
      .replace('+15550000000', 'javascript:alert(1)'),
  );
  await rig.flex.agentSendsContent(c.conversation.sid, {
    'twilio/card': {
      title: 'Tampered card',
      actions: [
        { type: 'URL', title: 'Evil one', url: 'https://example.com/evil-1' },
        { type: 'URL', title: 'Evil two', url: 'https://example.com/evil-2' },
        { type: 'PHONE_NUMBER', title: 'Evil phone', phone: '+15550000000' },
      ],
    },
  });
  await rig.flex.agentSendsContent(c.conversation.sid, {
    'twilio/call-to-action': {
      body: 'Plain http is no link either',
      actions: [{ type: 'URL', title: 'Not secure', url: 'http://example.com/plain' }],
    },
  });
  // Both templates read (not just their body shown meanwhile) before the rewriting stops.
  await settled(log, 'Tampered card');
  await settled(log, 'Plain http is no link either');
  await stop();
  for (const name of ['Evil one', 'Evil two', 'Evil phone', 'Not secure'])
    assert.equal(await log.getByRole('link', { name }).count(), 0, `${name} is no link`);
  assert.equal(await log.locator('a[href^="javascript:"], a[href^="data:"], a[href^="http:"]').count(), 0);
  assert.equal(await c.page.evaluate(() => (window as unknown as { pwned: number }).pwned), 0);

  // Unreadable data (not the type's shape) and a failed fetch: the body text.
  stop = await rewrite(() => JSON.stringify({ data: { body: 'ignored', actions: 'not a list' } }));
  await rig.flex.agentSendsContent(c.conversation.sid, {
    'twilio/quick-reply': { body: 'Shape broken: body shown', actions: [{ title: 'Yes', id: 'yes' }] },
  });
  await settled(log, 'Shape broken: body shown');
  await stop();
  const pattern = /\/mcs\/content\//;
  await c.context.route(pattern, (route) => route.abort());
  await rig.flex.agentSendsContent(c.conversation.sid, {
    'twilio/quick-reply': { body: 'Fetch failed: body shown', actions: [{ title: 'No', id: 'no' }] },
  });
  await settled(log, 'Fetch failed: body shown');
  await c.context.unroute(pattern);
  assert.equal(await log.getByRole('button', { name: 'Yes' }).count(), 0);
  assert.equal(await log.getByRole('button', { name: 'No' }).count(), 0);
  await finish(c);
});

test('a template type the widget does not know shows the body', async () => {
  // Twilio has more types than the emulator posts (whatsapp/card, twilio/catalog…): the SDK gives
  // them as { type: "other" }. On the Twilsock wire and in the media record, the location
  // template's media type is renamed to an unknown one of the same length: the SDK reads "twilio/lxcation".
  const known = 'rich.twilio.location';
  const unknown = 'rich.twilio.lxcation';
  let renamed = 0;
  const c = await chat('Unknown type?', async (context) => {
    // The media record (MCS) carries the type too.
    await context.route(/\/mcs\/v1\//, async (route) => {
      const response = await route.fetch();
      const text = await response.text();
      if (text.includes(known)) renamed += 1;
      await route.fulfill({ response, body: text.replaceAll(known, unknown) });
    });
    await context.routeWebSocket(/\/twilsock/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        const text = typeof message === 'string' ? message : message.toString('latin1');
        if (!text.includes(known)) return ws.send(message);
        renamed += 1;
        const changed = text.replaceAll(known, unknown);
        ws.send(typeof message === 'string' ? changed : Buffer.from(changed, 'latin1'));
      });
    });
  });
  const log = messageLog(c.page);
  await rig.flex.agentSendsContent(c.conversation.sid, {
    'twilio/location': { latitude: 48.8584, longitude: 2.2945, label: 'Unknown type: the label shows' },
  });
  await settled(log, 'Unknown type: the label shows');
  assert.ok(renamed > 0, 'the template type was renamed on the wire');
  assert.equal(await log.getByRole('link', { name: 'Open map' }).count(), 0);
  await finish(c);
});

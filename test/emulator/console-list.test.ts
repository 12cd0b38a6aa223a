/**
 * The agent console's list in Chromium against the emulator: each entry (name, last message or
 * question, time, SID on hover), the active / closed / all filter and the search by keyboard,
 * unread badges and the tab title dropping closed conversations, links in messages, a deleted
 * conversation leaving, and a thousand conversations rendered a page at a time.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { RunningEmulator } from '../../emulator/index.ts';
import { launchChromium, recordCspViolations, violations } from '../../scripts/harness/browser.ts';
import { apiKeyAuth, createWebChat, emulator, flexOf, postRestMessage, waitUntil } from './helpers.ts';

let emu: RunningEmulator;
let browser: Browser;
let page: Page;

before(async () => {
  emu = await emulator({ autoAgent: false });
  browser = await launchChromium();
  page = await browser.newPage();
  await recordCspViolations(page);
});

after(async () => {
  await browser?.close();
  await emu?.close();
});

/** A web chat whose visitor asked `question` (Studio's "Send to Flex": it waits for an agent). */
async function chat(name: string, question: string): Promise<{ sid: string; identity: string }> {
  const created = await createWebChat(emu, {
    CustomerFriendlyName: name,
    PreEngagementData: JSON.stringify({ friendlyName: name, question }),
  });
  const response = await postRestMessage(
    emu,
    created.conversationSid,
    { Author: created.identity, Body: question },
    true,
  );
  assert.equal(response.status, 201);
  return { sid: created.conversationSid, identity: created.identity };
}

const list = () => page.getByRole('navigation', { name: 'Conversations' });
const entry = (name: string) => list().getByRole('button', { name: new RegExp(`^${name}\\b`) });
const entryNames = async () => list().locator('.conversation .name').allInnerTexts();
/** Waits until the list shows exactly these visitors, in this order. */
const shows = (names: string[]) =>
  waitUntil(
    async () => JSON.stringify(await entryNames()) === JSON.stringify(names),
    `the list shows ${names.join(', ')}`,
  );

test('each entry shows the visitor, the last message (or the question), how long ago, and the SID on hover', async () => {
  const ann = await chat('Ann', 'Where is my order?');
  const bo = await createWebChat(emu, {
    CustomerFriendlyName: 'Bo',
    PreEngagementData: JSON.stringify({ question: 'Can I return shoes?' }),
  });
  await page.goto(`${emu.url}/agent`);

  const annEntry = entry('Ann');
  await annEntry.getByText('Where is my order?', { exact: true }).waitFor(); // the visitor's words, without a name
  assert.equal(await annEntry.getAttribute('title'), ann.sid);
  await annEntry.getByText('waiting').waitFor();
  await annEntry.getByText('1 unread').waitFor();
  const time = annEntry.locator('time');
  assert.equal(await time.innerText(), 'just now');
  assert.ok(Date.parse((await time.getAttribute('datetime')) ?? '') > 0);
  assert.ok(((await time.getAttribute('title')) ?? '').length > 0, 'the local date and time on hover');

  // No message yet: the question from the pre-engagement form.
  await entry('Bo').getByText('Can I return shoes?').waitFor();
  assert.equal(await entry('Bo').getAttribute('title'), bo.conversationSid);

  // Live: the agent answers; the entry shows it and moves to the top (newest activity first).
  await flexOf(emu).agentJoins(ann.sid, { friendlyName: 'Sam' });
  await flexOf(emu).agentSays(ann.sid, 'It ships today.', undefined, 'agent.sam');
  await annEntry.getByText('Sam: It ships today.').waitFor();
  assert.deepEqual((await entryNames()).slice(0, 2), ['Ann', 'Bo']);
});

test('the filter (active by default) and the search work from the keyboard', async () => {
  const closed = await chat('Cleo', 'Please close me');
  const flex = flexOf(emu);
  await flex.setState(closed.sid, 'closed');
  await page.goto(`${emu.url}/agent`);
  await entry('Ann').waitFor();

  const active = page.getByRole('radio', { name: 'Active' });
  assert.equal(await active.isChecked(), true, 'active is the default');
  assert.equal(await entry('Cleo').count(), 0, 'a closed conversation is not among the active ones');
  await list().getByRole('status').getByText('2 active conversations').waitFor();

  // Radios: arrow keys move the choice.
  await active.focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('radio', { name: 'Closed' }).isChecked(), true);
  await entry('Cleo').waitFor();
  assert.deepEqual(await entryNames(), ['Cleo']);
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('radio', { name: 'All' }).isChecked(), true);
  await list().getByRole('status').getByText('3 conversations').waitFor();

  // The search box is labelled and typed into; it searches names, questions, message text and SIDs.
  const search = page.getByRole('searchbox', { name: 'Search conversations' });
  await search.focus();
  await page.keyboard.type('ships today');
  await list().getByRole('status').getByText('1 conversation found').waitFor();
  assert.deepEqual(await entryNames(), ['Ann']);
  await search.fill('RETURN SHOES');
  await shows(['Bo']);
  await search.fill(closed.sid.slice(-10));
  await shows(['Cleo']);
  await search.fill('cleo');
  await page.getByRole('radio', { name: 'Active' }).check();
  await list().getByText('Nothing matches the search.').waitFor();

  // A live change that makes a conversation match joins the results.
  await search.fill('refund');
  await list().getByText('Nothing matches the search.').waitFor();
  const ann = (await flex.conversations()).find((c) => c.participants.some((p) => p.friendlyName === 'Ann'))!;
  await flex.agentSays(ann.sid, 'A refund is on its way.', undefined, 'agent.sam');
  await entry('Ann').getByText('Sam: A refund is on its way.').waitFor();
  await search.fill('');
  await list().getByRole('status').getByText('2 active conversations').waitFor();
});

test('closing a conversation drops its unread badge and its count from the tab title', async () => {
  const dee = await chat('Dee', 'First question');
  await postRestMessage(emu, dee.sid, { Author: dee.identity, Body: 'Second question' }, false);
  await page.goto(`${emu.url}/agent`);
  await entry('Dee').getByText('2 unread').waitFor();
  const titleCount = async () => Number(/^\((\d+)\)/.exec(await page.title())?.[1] ?? 0);
  const before = await titleCount();
  assert.ok(before >= 2, `the title counts the unread messages: ${await page.title()}`);

  await flexOf(emu).setState(dee.sid, 'closed');
  await page.getByRole('radio', { name: 'All' }).check();
  await entry('Dee').getByText('closed').waitFor();
  assert.equal(
    await entry('Dee')
      .getByText(/unread/)
      .count(),
    0,
    'no badge on a closed conversation',
  );
  assert.equal(await titleCount(), before - 2, 'nor in the tab title');
  await page.getByRole('radio', { name: 'Active' }).check();
});

test('URLs in messages are links that open apart; other schemes stay text', async () => {
  const eve = await chat('Eve', 'Is https://shop.example/item?id=7 in stock? Not javascript:alert(1) though.');
  await page.goto(`${emu.url}/agent`);
  await entry('Eve').click();
  const history = page.getByRole('log', { name: 'Messages' });
  const link = history.getByRole('link', { name: 'https://shop.example/item?id=7' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), 'https://shop.example/item?id=7');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await history.locator('a[href^="javascript"]').count(), 0);
  await history.getByText(/in stock\? Not javascript:alert\(1\) though\./).waitFor();
  void eve;
});

test('a conversation deleted through REST leaves the list; the open one says it was deleted', async () => {
  const fay = await chat('Fay', 'Delete me');
  const gil = await chat('Gil', 'Keep me');
  await page.goto(`${emu.url}/agent`);
  await entry('Fay').click();
  await page.getByRole('heading', { name: 'Fay' }).waitFor();
  for (const sid of [fay.sid]) {
    const response = await fetch(`${emu.url}/conversations/v1/Conversations/${sid}`, {
      method: 'DELETE',
      headers: { Authorization: apiKeyAuth(emu) },
    });
    assert.equal(response.status, 204);
  }
  await entry('Fay').waitFor({ state: 'detached' });
  await page.getByText(`Conversation ${fay.sid} was deleted.`).waitFor();
  await entry('Gil').waitFor();
  void gil;
});

test('a thousand conversations: the list renders a page at a time, more as it scrolls, and the search finds one', async () => {
  await page.goto('about:blank');
  await flexOf(emu).reset();
  const total = 1000;
  const flexApi = async (name: string) =>
    fetch(`${emu.url}/flex-api/v2/WebChats`, {
      method: 'POST',
      headers: { Authorization: apiKeyAuth(emu), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        AddressSid: emu.credentials.flexAddressSid,
        CustomerFriendlyName: name,
        PreEngagementData: JSON.stringify({ question: `Question number ${name}` }),
      }),
    });
  const startedAt = Date.now();
  for (let i = 0; i < total; i += 50) {
    const batch = Array.from({ length: Math.min(50, total - i) }, (_, k) => flexApi(`Visitor ${i + k}`));
    for (const response of await Promise.all(batch)) assert.equal(response.status, 201);
  }
  console.log(`created ${total} conversations in ${Date.now() - startedAt} ms`);
  await page.goto(`${emu.url}/agent`);
  await list().getByRole('status').getByText(`${total} active conversations`).waitFor();
  const rendered = () => list().locator('.conversation').count();
  assert.equal(await rendered(), 50, 'the first page only');

  // Scrolling to the end of the list renders the next page (and keyboard users have "Show more").
  const more = list().getByRole('button', { name: /^Show more/ });
  assert.equal(await more.innerText(), `Show more (${total - 50} not shown)`);
  await more.scrollIntoViewIfNeeded();
  await list().locator('.conversation').nth(99).waitFor();
  await more.focus();
  await page.keyboard.press('Enter');
  await list().locator('.conversation').nth(149).waitFor(); // Enter on "Show more" renders another page
  await waitUntil(
    () => page.evaluate(() => document.activeElement?.classList.contains('conversation') ?? false),
    'the focus moves to the first entry it showed',
  );
  assert.ok((await rendered()) < total, 'not everything at once');

  // The search finds the one among a thousand (the newest is on top, the oldest far below).
  const search = page.getByRole('searchbox', { name: 'Search conversations' });
  await search.fill('Visitor 7');
  await list().getByRole('status').getByText('111 active conversations found').waitFor();
  await search.fill('question number visitor 3');
  await list().getByRole('status').getByText('111 active conversations found').waitFor();
  assert.equal(await rendered(), 50, 'a new search starts from the first page');
  await search.fill('Visitor 0');
  await shows(['Visitor 0']);
  await list().getByRole('status').getByText('1 active conversation found').waitFor();
});

test('the console ran under its strict CSP without a violation', async () => {
  assert.deepEqual(await violations(page), []);
});

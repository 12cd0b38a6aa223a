/**
 * The agent console's transfers in Chromium against the emulator, with a real SDK client as the
 * visitor: the agents shown, "Add agent", replying as either agent, "Transfer…" cold and warm,
 * an agent leaving — each reaching the visitor as Flex does it (participants joining and leaving,
 * messages authored by each agent).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client, Conversation, Message, Participant } from '@twilio/conversations';
import type { Browser, Page } from 'playwright-core';
import { agentsOf } from '../../emulator/control-client.ts';
import type { RunningEmulator } from '../../emulator/index.ts';
import { launchChromium, recordCspViolations, violations } from '../../scripts/harness/browser.ts';
import { connect, createWebChat, emulator, flexOf, nextEvent, open } from './helpers.ts';

let emu: RunningEmulator;
let browser: Browser;
let page: Page;
let visitor: Client;
let conversation: Conversation;
let sid: string;

const agentIdentities = async () => agentsOf(await flexOf(emu).conversation(sid)).map((a) => a.identity);
/** The agents listed in the console, one line each. */
const agentsListed = async () =>
  (await page.getByRole('region', { name: 'Agents' }).getByRole('listitem').allInnerTexts()).map((text) =>
    text.replace(/\s+/g, ' ').trim(),
  );

before(async () => {
  emu = await emulator({ autoAgent: false });
  const chat = await createWebChat(emu, { CustomerFriendlyName: 'Ann' });
  sid = chat.conversationSid;
  await flexOf(emu).agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  visitor = await connect(emu, chat.identity);
  conversation = await open(visitor, sid);
  browser = await launchChromium();
  page = await browser.newPage();
  await recordCspViolations(page);
  await page.goto(`${emu.url}/agent`);
  await page.getByRole('button', { name: /Ann/ }).click();
  await page.getByRole('heading', { name: 'Ann' }).waitFor();
});

after(async () => {
  await browser?.close();
  await visitor?.shutdown();
  await emu?.close();
});

test('the agents are shown; "Add agent" adds a second one the visitor sees join, by name', async () => {
  assert.deepEqual(await agentsListed(), ['Alex agent.alex current Leave']);
  const joined = nextEvent<Participant>(conversation, 'participantJoined');
  const add = page.getByRole('button', { name: 'Add agent' });
  await add.click();
  const name = page.getByLabel('Name of the agent to add');
  assert.equal(await name.evaluate((el) => el === document.activeElement), true, 'focus in the form');
  await name.fill('Sam');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const sam = await joined;
  assert.equal(sam.identity, 'agent.sam');
  assert.equal((await sam.getUser()).friendlyName, 'Sam');
  await page.getByText('agent.sam').waitFor();
  assert.equal(await add.evaluate((el) => el === document.activeElement), true, 'focus back on Add agent');
  assert.deepEqual(await agentIdentities(), ['agent.alex', 'agent.sam']);
});

test('"Reply as" picks the author of the reply', async () => {
  const replyAs = page.getByLabel('Reply as');
  assert.equal(await replyAs.inputValue(), 'agent.sam', 'the current agent by default');
  const fromAlex = nextEvent<Message>(conversation, 'messageAdded');
  await replyAs.selectOption({ label: 'Alex' });
  await page.getByRole('textbox', { name: 'Reply' }).fill('Alex again.');
  await page.getByRole('textbox', { name: 'Reply' }).press('Enter');
  assert.equal((await fromAlex).author, 'agent.alex');
  const fromSam = nextEvent<Message>(conversation, 'messageAdded');
  await replyAs.selectOption({ label: 'Sam' });
  await page.getByRole('textbox', { name: 'Reply' }).fill('Sam here.');
  await page.getByRole('textbox', { name: 'Reply' }).press('Enter');
  assert.equal((await fromSam).author, 'agent.sam');
  const history = page.getByRole('log', { name: 'Messages' });
  await history.getByText('Sam here.').waitFor();
  assert.deepEqual((await history.locator('.author').allInnerTexts()).slice(-2), ['Alex', 'Sam']);
});

test('an agent leaves; "Transfer…" cold hands over to a named agent (the one replied as leaves)', async () => {
  const left = nextEvent<Participant>(conversation, 'participantLeft');
  await page.getByRole('button', { name: 'Alex leaves' }).click();
  assert.equal((await left).identity, 'agent.alex');
  await page.getByRole('button', { name: 'Alex leaves' }).waitFor({ state: 'detached' });
  // Alex's earlier message keeps his name after he left.
  const history = page.getByRole('log', { name: 'Messages' });
  assert.deepEqual((await history.locator('.author').allInnerTexts()).slice(-2), ['Alex', 'Sam']);

  const transfer = page.getByRole('button', { name: 'Transfer…' });
  await transfer.click();
  const form = page.getByRole('form', { name: 'Transfer from Sam' });
  await form.getByLabel('Transfer to (agent name)').fill('Kim Lee');
  await form.getByLabel('Cold (Sam leaves)').check();
  const joined = nextEvent<Participant>(conversation, 'participantJoined');
  const samLeft = nextEvent<Participant>(conversation, 'participantLeft');
  await form.getByRole('button', { name: 'Transfer', exact: true }).click();
  assert.equal((await joined).identity, 'agent.kim-lee');
  assert.equal((await samLeft).identity, 'agent.sam');
  await form.waitFor({ state: 'detached' });
  assert.deepEqual(await agentIdentities(), ['agent.kim-lee']);
  await page.getByText('agent.kim-lee').waitFor();
  assert.deepEqual(await agentsListed(), ['Kim Lee agent.kim-lee current Leave']);
});

test('"Transfer…" warm keeps both; a refusal shows the emulator\'s error and keeps the form', async () => {
  await page.getByRole('button', { name: 'Transfer…' }).click();
  const form = page.getByRole('form', { name: 'Transfer from Kim Lee' });
  await form.getByLabel('Warm (both stay)').check();
  // Kim cannot transfer to Kim.
  await form.getByLabel('Transfer to (agent name)').fill('Kim Lee');
  await form.getByRole('button', { name: 'Transfer', exact: true }).click();
  await page
    .getByRole('alert')
    .getByText(/the agent who transfers/)
    .waitFor();
  await form.getByLabel('Transfer to (agent name)').fill('Sam');
  const joined = nextEvent<Participant>(conversation, 'participantJoined');
  await form.getByRole('button', { name: 'Transfer', exact: true }).click();
  assert.equal((await joined).identity, 'agent.sam');
  await form.waitFor({ state: 'detached' });
  assert.deepEqual(await agentIdentities(), ['agent.kim-lee', 'agent.sam']);
  assert.deepEqual(await violations(page), []);
});

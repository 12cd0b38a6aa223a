/**
 * End to end, both sides in Chromium: the agent console transfers a visitor's chat and adds an
 * agent, and the visitor's widget follows ("Sam joined the chat", "Alex left the chat", the header,
 * each reply under its agent's name).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useRealStack } from '../support/fixtures.ts';
import { collectPageErrors, conversationWith, messageLog, openPanel, startChat, widget } from './support/e2e.ts';

const rig = useRealStack({ emulator: { autoAgent: false } });

test('the console accepts as Alex, transfers cold to Sam and adds Kim; the widget shows each step by name', async () => {
  const context = await rig.browser.newContext();
  const errors = collectPageErrors(context);
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  await startChat(page, { name: 'Ann', question: 'Who handles refunds?' });
  await conversationWith(rig.flex, 'Who handles refunds?');

  const agentConsole = await (await rig.browser.newContext()).newPage();
  await agentConsole.goto(`${rig.stack.emulator.url}/agent`);
  await agentConsole.getByLabel('Agent name').fill('Alex');
  await agentConsole
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: /^Ann\b/ })
    .click();
  await agentConsole.getByRole('button', { name: 'Accept as Alex' }).click();
  const log = messageLog(page);
  const header = widget(page).getByRole('banner').getByRole('heading', { level: 1 });
  await log.getByText('Alex joined the chat', { exact: true }).waitFor();

  // Transfer… cold to Sam: Alex leaves once Sam has joined.
  await agentConsole.getByRole('button', { name: 'Transfer…' }).click();
  const form = agentConsole.getByRole('form', { name: 'Transfer from Alex' });
  await form.getByLabel('Transfer to (agent name)').fill('Sam');
  await form.getByLabel('Cold (Alex leaves)').check();
  await form.getByRole('button', { name: 'Transfer', exact: true }).click();
  await log.getByText('Sam joined the chat', { exact: true }).waitFor();
  await log.getByText('Alex left the chat', { exact: true }).waitFor();
  await widget(page).getByRole('banner').getByRole('heading', { level: 1, name: 'Sam' }).waitFor();

  const reply = agentConsole.getByRole('textbox', { name: 'Reply' });
  await reply.fill('Sam here: I handle refunds.');
  await reply.press('Enter');
  await log.getByText('Sam here: I handle refunds.').waitFor();

  // Add agent Kim: both stay; the header shows the latest to join.
  await agentConsole.getByRole('button', { name: 'Add agent' }).click();
  await agentConsole.getByLabel('Name of the agent to add').fill('Kim');
  await agentConsole.getByRole('button', { name: 'Add', exact: true }).click();
  await log.getByText('Kim joined the chat', { exact: true }).waitFor();
  await widget(page).getByRole('banner').getByRole('heading', { level: 1, name: 'Kim' }).waitFor();
  await agentConsole.getByLabel('Reply as').selectOption({ label: 'Kim' });
  await reply.fill('Kim from billing, joining in.');
  await reply.press('Enter');
  await log.getByText('Kim from billing, joining in.').waitFor();

  assert.deepEqual((await log.locator('.system-line').allInnerTexts()).slice(-4), [
    'Alex joined the chat',
    'Sam joined the chat',
    'Alex left the chat',
    'Kim joined the chat',
  ]);
  assert.deepEqual((await log.locator('.group .author').allInnerTexts()).slice(-2), ['Sam', 'Kim']);
  assert.equal(await header.innerText(), 'Kim');
  assert.ok(!(await log.innerText()).includes('agent.'), 'never a raw identity');
  assert.deepEqual(errors, []);
  await context.close();
});

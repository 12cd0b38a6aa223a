/**
 * End to end on the real stack: Flex moves a chat between agents (the emulator's control API does
 * what Flex does on the wire) and the visitor's widget follows. Cold: "Sam joined the chat",
 * "Alex left the chat", the header switches to Sam, Alex's earlier messages keep his name, also
 * after a reload. Warm: both agents present and typing ("Alex and Sam are typing…").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useRealStack } from '../support/fixtures.ts';
import {
  collectPageErrors,
  conversationWith,
  messageLog,
  openPanel,
  startChat,
  waitFor,
  widget,
} from './support/e2e.ts';

const rig = useRealStack({ emulator: { autoAgent: false } });

/** The name in the widget's header (the current agent once one has joined). */
function headerName(page: Page) {
  return widget(page).getByRole('banner').getByRole('heading', { level: 1 });
}

/** The author names over the message groups, in order. */
function authors(page: Page): Promise<string[]> {
  return messageLog(page).locator('.group .author').allInnerTexts();
}

/** The quiet system lines in the log, in order. */
function systemLines(page: Page): Promise<string[]> {
  return messageLog(page).locator('.system-line').allInnerTexts();
}

test('a cold transfer: the lines, the header switches, the earlier agent keeps his name (also after a reload)', async () => {
  const context = await rig.browser.newContext();
  const errors = collectPageErrors(context);
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  await startChat(page, { name: 'Ann', question: 'Can someone check my refund?' });
  const { sid } = await conversationWith(rig.flex, 'Can someone check my refund?');

  await rig.flex.agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  await rig.flex.agentSays(sid, 'Alex here, let me pass you to billing.', undefined, 'agent.alex');
  const log = messageLog(page);
  await log.getByText('Alex here, let me pass you to billing.').waitFor();
  await log.getByText('Alex joined the chat', { exact: true }).waitFor();
  await waitFor('Alex in the header', async () => (await headerName(page).innerText()) === 'Alex');

  const transfer = await rig.flex.transfer(sid, { to: { identity: 'agent.sam', friendlyName: 'Sam' }, mode: 'cold' });
  assert.deepEqual(
    transfer.conversation.participants.filter((p) => p.role === 'agent').map((p) => p.identity),
    ['agent.sam'],
  );
  await log.getByText('Alex left the chat', { exact: true }).waitFor();
  await waitFor('Sam in the header', async () => (await headerName(page).innerText()) === 'Sam');
  await rig.flex.agentSays(sid, 'Sam from billing: your refund is on its way.', undefined, 'agent.sam');
  await log.getByText('Sam from billing: your refund is on its way.').waitFor();

  assert.deepEqual(await systemLines(page), ['Alex joined the chat', 'Sam joined the chat', 'Alex left the chat']);
  assert.deepEqual((await authors(page)).slice(-2), ['Alex', 'Sam']);
  const text = await log.innerText();
  assert.ok(!text.includes('agent.'), `no raw identity in the log: ${text}`);
  // The order the visitor reads: Alex's message, then the transfer, then Sam's.
  assert.ok(text.indexOf('let me pass you') < text.indexOf('Sam joined the chat'));
  assert.ok(text.indexOf('Alex left the chat') < text.indexOf('Sam from billing'));

  // After a reload Alex is no participant any more: his message still shows his name.
  await page.reload();
  await openPanel(page);
  await messageLog(page).getByText('Sam from billing: your refund is on its way.').waitFor();
  await waitFor('Sam in the header after the reload', async () => (await headerName(page).innerText()) === 'Sam');
  await waitFor('the names after the reload', async () => {
    const names = await authors(page);
    return names.slice(-2).join(',') === 'Alex,Sam' ? names : undefined;
  });
  assert.ok((await systemLines(page)).includes('Sam joined the chat'));
  const reloaded = await messageLog(page).innerText();
  assert.ok(!reloaded.includes('agent.'), `no raw identity after the reload: ${reloaded}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a warm transfer: both agents present and typing, the header shows the latest to join, then one leaves', async () => {
  const context = await rig.browser.newContext();
  const errors = collectPageErrors(context);
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  await startChat(page, { name: 'Bo', question: 'Warm transfer, please' });
  const { sid } = await conversationWith(rig.flex, 'Warm transfer, please');
  await rig.flex.agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  await rig.flex.transfer(sid, {
    from: 'agent.alex',
    to: { identity: 'agent.sam', friendlyName: 'Sam' },
    mode: 'warm',
  });
  const log = messageLog(page);
  await log.getByText('Sam joined the chat', { exact: true }).waitFor();
  await waitFor('Sam in the header', async () => (await headerName(page).innerText()) === 'Sam');

  await rig.flex.agentTypes(sid, 'agent.alex');
  await rig.flex.agentTypes(sid, 'agent.sam');
  const typingLine = widget(page).locator('.typing-text[aria-live="polite"]');
  await waitFor('both typing, announced', async () => (await typingLine.innerText()) === 'Alex and Sam are typing…');

  await rig.flex.agentSays(sid, 'Alex: Sam will take it from here.', undefined, 'agent.alex');
  await rig.flex.agentSays(sid, 'Sam: hello Bo!', undefined, 'agent.sam');
  await log.getByText('Sam: hello Bo!').waitFor();
  assert.deepEqual((await authors(page)).slice(-2), ['Alex', 'Sam']);

  await rig.flex.agentLeaves(sid, 'agent.sam');
  await log.getByText('Sam left the chat', { exact: true }).waitFor();
  await waitFor('Alex back in the header', async () => (await headerName(page).innerText()) === 'Alex');
  assert.deepEqual(await systemLines(page), ['Alex joined the chat', 'Sam joined the chat', 'Sam left the chat']);
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * End to end: the visitor ends the chat from the header (with its confirmation) and the emulator
 * shows the conversation closed by the visitor; Flex's inactivity (state `inactive`) is not an end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useRealStack } from '../support/fixtures.ts';
import {
  bodiesBy,
  collectPageErrors,
  customerOf,
  openPanel,
  say,
  startChat,
  waitFor,
  conversationWith,
} from './support/e2e.ts';

const rig = useRealStack({ emulator: { autoAgent: false } });

test('inactive is not ended; "End chat" asks first, Cancel keeps the chat, End chat closes it as the visitor', async () => {
  const context = await rig.browser.newContext();
  const errors = collectPageErrors(context);
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  const w = await openPanel(page);
  await startChat(page, { name: 'Ida', question: 'Can I end this myself?' });
  const conversation = await conversationWith(rig.flex, 'Can I end this myself?');
  const visitor = customerOf(conversation).identity;
  await rig.flex.agentJoins(conversation.sid, { identity: 'agent.alex', friendlyName: 'Alex' });

  // Flex's inactivity timer: the widget stays usable and the visitor's message makes it active again.
  await rig.flex.setState(conversation.sid, 'inactive');
  await say(page, 'Still here');
  await waitFor('the message after inactive', async () =>
    bodiesBy(await rig.flex.conversation(conversation.sid), visitor).includes('Still here'),
  );
  assert.equal((await rig.flex.conversation(conversation.sid)).state, 'active');
  assert.equal(await w.getByText('This conversation has ended.').count(), 0);

  // "End chat" → "End this chat?"; focus on Cancel; Cancel (and Escape) keep the chat.
  // The header's own button (the confirmation, inside the header too, has one of the same name).
  const endButton = w.getByRole('banner').getByRole('button', { name: 'End chat' }).first();
  await endButton.click();
  const dialog = w.getByRole('alertdialog', { name: 'End this chat?' });
  await dialog.waitFor();
  assert.equal(
    await dialog.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement),
    true,
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await endButton.evaluate((b) => b === document.activeElement), true, 'focus back on End chat');
  await endButton.click();
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal((await rig.flex.conversation(conversation.sid)).state, 'active');

  // Confirmed: the conversation is closed, by the visitor; the widget shows the ended view.
  await endButton.click();
  await dialog.getByRole('button', { name: 'End chat' }).click();
  await w.getByText('This conversation has ended.').waitFor();
  await w.getByRole('button', { name: 'Start new chat' }).waitFor();
  assert.equal(await endButton.count(), 0, 'no End chat once ended');
  const closed = await rig.flex.conversation(conversation.sid);
  assert.equal(closed.state, 'closed');
  assert.equal(closed.endedBy, 'visitor');
  assert.deepEqual(errors, []);
  await context.close();
});

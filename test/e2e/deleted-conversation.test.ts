/**
 * End to end: a back end deletes the visitor's conversation through REST (`DELETE
 * /v1/Conversations/{CH}`, the official `twilio` library's `remove()`); the SDK in the widget
 * hears `conversationRemoved` and the widget shows the chat as ended, offering a new one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useRealStack } from '../support/fixtures.ts';
import { collectPageErrors, conversationWith, openPanel, startChat } from './support/e2e.ts';

const rig = useRealStack({ emulator: { autoAgent: false } });

test('a conversation deleted through REST shows as ended in the widget', async () => {
  const context = await rig.browser.newContext();
  const errors = collectPageErrors(context);
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  const w = await openPanel(page);
  await startChat(page, { name: 'Noor', question: 'Please forget this chat' });
  const conversation = await conversationWith(rig.flex, 'Please forget this chat');
  assert.equal(await w.getByText('This conversation has ended.').count(), 0);

  const { url, credentials } = rig.stack.emulator;
  const response = await fetch(`${url}/conversations/v1/Conversations/${conversation.sid}`, {
    method: 'DELETE',
    headers: {
      Authorization: `Basic ${Buffer.from(`${credentials.apiKeySid}:${credentials.apiKeySecret}`).toString('base64')}`,
    },
  });
  assert.equal(response.status, 204);

  await w.getByText('This conversation has ended.').waitFor();
  await w.getByRole('button', { name: 'Start new chat' }).waitFor();
  assert.equal(await w.getByRole('textbox', { name: 'Type a message' }).count(), 0, 'no composer once ended');
  assert.deepEqual(errors, []);
  await context.close();
});

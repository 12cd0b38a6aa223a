/**
 * End to end: a returning visitor who opens the chat sees their latest messages read over REST
 * (POST /api/webchat/recent) while the Conversations SDK is still connecting — here slowed by the
 * emulator's latency on every request, as a distant Twilio would be — and then the live view. A
 * visitor who does not open the panel costs no such request.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useRealStack } from '../support/fixtures.ts';
import { collectPageErrors, conversationWith, openPanel, startChat, waitFor, widget } from './support/e2e.ts';

const rig = useRealStack({ emulator: { autoAgent: false } });

test('the latest messages show at once while the SDK connects, then the live view takes over', async () => {
  const context = await rig.browser.newContext();
  const errors = collectPageErrors(context);
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  await startChat(page, { name: 'Ines', question: 'Is my parcel on its way?' });
  const conversation = await conversationWith(rig.flex, 'Is my parcel on its way?');
  await rig.flex.agentJoins(conversation.sid);
  await rig.flex.agentSays(conversation.sid, 'It left the warehouse **this morning**.');

  const recentRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/webchat/recent')) recentRequests.push(request.method());
  });
  // A returning visitor's widget boots with the panel closed: nothing asks for the messages yet.
  await page.reload();
  await page.getByRole('button', { name: /^Open chat/ }).waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(recentRequests, []);

  await page.reload();
  await rig.flex.faults({ latencyMs: 400 }); // every Twilsock and REST request answers 400 ms late
  try {
    const w = await openPanel(page);
    const log = w.getByRole('log', { name: 'Messages' });
    await log.getByText('It left the warehouse this morning.').waitFor();
    // The preview: the agent's Markdown rendered, the visitor's question as "You", no composer yet.
    assert.equal(await log.locator('strong', { hasText: 'this morning' }).count(), 1);
    assert.equal(await log.getByText('Is my parcel on its way?').count(), 1);
    assert.equal(await log.getAttribute('aria-busy'), 'true');
    await w.getByRole('status').filter({ hasText: 'Connecting…' }).waitFor();
    assert.equal(await w.getByRole('textbox', { name: 'Type a message' }).count(), 0);
    assert.deepEqual(recentRequests, ['POST']);
  } finally {
    await rig.flex.clearFaults();
  }
  const live = widget(page);
  await live.getByRole('textbox', { name: 'Type a message' }).waitFor({ timeout: 20_000 });
  const log = live.getByRole('log', { name: 'Messages' });
  await waitFor('the live log', async () => (await log.getAttribute('aria-busy')) !== 'true');
  await log.getByText('It left the warehouse this morning.').waitFor();
  assert.equal(await log.getByText('It left the warehouse this morning.').count(), 1, 'shown once');
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * The loader with the real widget on the real stack (scripts/harness/stack.ts): the emulator with its
 * auto-agent, our server serving the built dist/public, and the demo host page on another origin
 * under the strict host CSP of issue 4. What the host page sees: zero CSP violations in either
 * frame, the loader's events with the emulator's data, the first-party flag.
 * (The widget's own story — form, agent, attachments, ended view — is in test/e2e/.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { events, hostFlag, openHostPage, recorderInEveryFrame, waitForEvent } from './real-stack.ts';
import { waitFor } from '../../scripts/harness/wait.ts';
import { useRealStack } from '../support/fixtures.ts';
import { violations } from '../../scripts/harness/browser.ts';

describe('loader + real widget + emulator, under the strict host CSP', () => {
  const rig = useRealStack({ emulator: { autoAgent: true, autoAgentDelayMs: 200 } });

  const hostPage = () => openHostPage(rig.browser, rig.stack.hostUrl);

  /** Opens the panel and starts a chat through the widget's pre-engagement form; returns the conversation SID. */
  async function startChatThroughForm(page: Page, name: string, question: string): Promise<string> {
    await page.getByRole('button', { name: 'Open chat' }).click();
    const widget = page.frameLocator('iframe[title="Chat"]');
    await widget.getByLabel('Name').fill(name);
    await widget.getByLabel('How can we help?').fill(question);
    await widget.getByRole('button', { name: 'Start chat' }).click();
    const { conversationSid } = (await waitForEvent(page, 'conversationStarted')) as { conversationSid: string };
    return conversationSid;
  }

  test('a hover loads the real widget hidden: it says ready, and nothing is written to any storage on either side', async () => {
    const { context, page } = await hostPage();
    try {
      const widgetLoaded = page.waitForRequest((r) => new URL(r.url()).pathname === '/widget');
      await page.getByRole('button', { name: 'Open chat' }).hover();
      await widgetLoaded;
      await waitForEvent(page, 'ready');
      const frame = page.frame({ url: (url) => url.pathname === '/widget' });
      assert.ok(frame, 'the widget frame');
      assert.equal(
        await page.locator('iframe[title="Chat"]').evaluate((f) => getComputedStyle(f).visibility),
        'hidden',
      );
      const stored = () => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie });
      assert.deepEqual(await page.evaluate(stored), { local: 0, session: 0, cookie: '' });
      assert.deepEqual(await frame.evaluate(stored), { local: 0, session: 0, cookie: '' });
      assert.deepEqual(await context.cookies(), []);
      const names = (await events(page)).map(([name]) => name);
      assert.ok(names.includes('ready') && !names.includes('open'), names.join());
    } finally {
      await context.close();
    }
  });

  test('zero securitypolicyviolation events through load, open, a chat round trip with the agent, and close', async () => {
    const { context, page } = await hostPage();
    try {
      const sid = await startChatThroughForm(page, 'Ada', 'Where is my parcel?');
      const widget = page.frameLocator('iframe[title="Chat"]');
      // The emulator's auto-agent picks the chat up (the question went to Flex) and greets Ada.
      await widget.locator('.author', { hasText: /^Alex$/ }).waitFor();
      await widget.locator('.bubble', { hasText: 'How can I help you today?' }).waitFor();

      // The visitor writes; the agent answers.
      await widget.getByRole('textbox', { name: 'Type a message' }).fill('It is order 42.');
      await widget.getByRole('button', { name: 'Send' }).click();
      await waitFor('the visitor message at the emulator', async () =>
        (await rig.flex.conversation(sid)).messages.some(
          (m) => m.body === 'It is order 42.' && m.author !== 'agent.alex',
        ),
      );
      await rig.flex.agentSays(sid, 'Order 42 ships today.');
      await widget.locator('.bubble', { hasText: 'Order 42 ships today.' }).waitFor();
      await waitForEvent(page, 'message', (d) => (d as { body?: string }).body === 'Order 42 ships today.');

      await page.getByRole('button', { name: 'Close chat' }).click();
      await page.getByRole('button', { name: /^Open chat/ }).waitFor();
      await waitForEvent(page, 'close');

      const recorded = await events(page);
      const names = recorded.map(([name]) => name);
      assert.deepEqual(names.slice(0, 2), ['open', 'ready'], 'opened, then the widget said ready');
      assert.equal(names.at(-1), 'close');
      assert.deepEqual(
        recorded.find(([n]) => n === 'conversationStarted'),
        ['conversationStarted', { conversationSid: sid }],
      );
      // (The greeting may come in with the history when the widget connects, which is not an inbound `message`.)
      const messages = recorded.filter(([n]) => n === 'message').map(([, d]) => d as { author: string; body: string });
      assert.deepEqual(messages.at(-1), { author: 'Alex', body: 'Order 42 ships today.' });
      assert.ok(!messages.some((m) => m.body === 'It is order 42.'), 'no message event for what the visitor wrote');
      assert.ok(!names.includes('conversationEnded'));

      assert.ok(await recorderInEveryFrame(page), 'the CSP recorder ran in the host page and in the widget frame');
      assert.deepEqual(await violations(page), []);
    } finally {
      await context.close();
    }
  });

  test('conversationStarted names the emulator conversation; conversationEnded when the agent closes it, and the flag is cleared', async () => {
    const { context, page } = await hostPage();
    try {
      const sid = await startChatThroughForm(page, 'Grace', 'Can I change my address?');
      const conversation = await rig.flex.conversation(sid);
      assert.equal(conversation.state, 'active');
      assert.deepEqual(
        conversation.participants.filter((p) => p.role === 'customer').map((p) => p.friendlyName),
        ['Grace'],
      );
      assert.equal(conversation.attributes.pre_engagement_data?.question, 'Can I change my address?');
      await waitFor('the first-party flag', async () => (await hostFlag(page)) === '1');

      await rig.flex.setState(sid, 'closed');
      await waitForEvent(page, 'conversationEnded');
      await page.frameLocator('iframe[title="Chat"]').getByText('This conversation has ended.').waitFor();
      await waitFor('the flag to be cleared', async () => (await hostFlag(page)) === null);
      assert.deepEqual(await violations(page), []);
    } finally {
      await context.close();
    }
  });
});

/**
 * The loader with the real widget on the real stack, the agent driven only through the emulator's
 * control API (no auto-agent, so every inbound message is one we sent): the returning-visitor
 * restore with its unread badge, and setUser(…, { skipForm: true }).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { events, hostFlag, openHostPage, waitForEvent } from './real-stack.ts';
import { waitFor } from '../../scripts/harness/wait.ts';
import { useRealStack } from '../support/fixtures.ts';
import { violations } from '../../scripts/harness/browser.ts';

describe('loader + real widget + emulator: returning visitor and setUser', () => {
  const rig = useRealStack({ emulator: { autoAgent: false } });

  const hostPage = () => openHostPage(rig.browser, rig.stack.hostUrl);

  test('a returning visitor gets the conversation back at idle time, and an agent message while closed raises the unread badge', async () => {
    const { context, page } = await hostPage();
    try {
      await page.getByRole('button', { name: 'Open chat' }).click();
      let widget = page.frameLocator('iframe[title="Chat"]');
      await widget.getByLabel('Name').fill('Ada');
      await widget.getByLabel('How can we help?').fill('Where is my parcel?');
      await widget.getByRole('button', { name: 'Start chat' }).click();
      const { conversationSid: sid } = (await waitForEvent(page, 'conversationStarted')) as { conversationSid: string };
      await widget.locator('.bubble', { hasText: 'Welcome Ada!' }).waitFor();
      // Everything so far is read (the panel was open): the question and the server's welcome.
      await waitFor('the visitor to have read the welcome', async () => {
        const c = await rig.flex.conversation(sid);
        const customer = c.participants.find((p) => p.role === 'customer');
        return c.messages.length === 2 && customer?.lastReadMessageIndex === c.lastMessageIndex;
      });
      assert.equal(await hostFlag(page), '1');
      await page.getByRole('button', { name: 'Close chat' }).click();

      // The visitor comes back (a reload, or another page of the site): no click this time.
      const toServer: string[] = [];
      page.on('request', (r) => r.url().startsWith(rig.stack.serverUrl) && toServer.push(new URL(r.url()).pathname));
      await page.reload();
      const launcher = page.getByRole('button', { name: /^Open chat/ });
      await launcher.waitFor();
      await page.locator('iframe[title="Chat"]').waitFor({ state: 'attached' });
      widget = page.frameLocator('iframe[title="Chat"]');
      // The widget resumed the conversation (it reports its unread count once connected): nothing unread.
      await waitForEvent(page, 'unreadChange', (d) => (d as { count: number }).count === 0);
      assert.equal(await launcher.getAttribute('aria-label'), 'Open chat');
      assert.ok(toServer.includes('/widget'), 'the widget loaded without a click');

      await rig.flex.agentJoins(sid, { identity: 'agent.sam', friendlyName: 'Sam' });
      await rig.flex.agentSays(sid, 'Your parcel arrives tomorrow.', undefined, 'agent.sam');
      await page.getByRole('button', { name: 'Open chat, 1 unread message' }).waitFor();
      await waitForEvent(page, 'unreadChange', (d) => (d as { count: number }).count === 1);
      await waitForEvent(page, 'message', (d) => (d as { body: string }).body === 'Your parcel arrives tomorrow.');
      assert.deepEqual(
        (await events(page)).filter(([n]) => n === 'unreadChange' || n === 'open'),
        [
          ['unreadChange', { count: 0 }],
          ['unreadChange', { count: 1 }],
        ],
        'no open, and the badge went from 0 to 1',
      );

      // Opening reads it: the badge goes away.
      await page.getByRole('button', { name: 'Open chat, 1 unread message' }).click();
      await page.getByRole('button', { name: 'Close chat' }).waitFor();
      await widget.locator('.bubble', { hasText: 'Where is my parcel?' }).waitFor();
      await widget.locator('.bubble', { hasText: 'Your parcel arrives tomorrow.' }).waitFor();
      await waitFor('the badge to clear', async () => {
        const counts = (await events(page))
          .filter(([n]) => n === 'unreadChange')
          .map(([, d]) => (d as { count: number }).count);
        return counts.length === 3 && counts[2] === 0;
      });
      assert.deepEqual(await violations(page), []);
    } finally {
      await context.close();
    }
  });

  test('setUser(…, { skipForm: true }) starts the chat with the pre-engagement data and no form', async () => {
    const { context, page } = await hostPage();
    try {
      await page.evaluate(() => {
        const api = (window as unknown as { FlexWebchat: { setUser(u: object, o: object): void } }).FlexWebchat;
        api.setUser({ friendlyName: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro' }, { skipForm: true });
      });
      const { conversationSid: sid } = (await waitForEvent(page, 'conversationStarted')) as { conversationSid: string };
      const conversation = await rig.flex.conversation(sid);
      assert.deepEqual(conversation.attributes.pre_engagement_data, {
        friendlyName: 'Ada Lovelace',
        email: 'ada@example.com',
        plan: 'pro',
        // The page the chat started on (the loader sends it before setUser).
        context: { pageUrl: rig.stack.hostUrl, pageTitle: 'Demo shop: Flex Webchat' },
      });
      assert.deepEqual(
        conversation.participants.filter((p) => p.role === 'customer').map((p) => p.friendlyName),
        ['Ada Lovelace'],
      );
      await waitFor('the first-party flag', async () => (await hostFlag(page)) === '1');

      // The panel opens onto the conversation, not onto a form.
      await page.getByRole('button', { name: 'Open chat' }).click();
      const widget = page.frameLocator('iframe[title="Chat"]');
      await widget.getByRole('textbox', { name: 'Type a message' }).waitFor();
      assert.equal(await widget.getByRole('button', { name: 'Start chat' }).count(), 0);
      assert.equal(await widget.getByLabel('Name').count(), 0);
      assert.deepEqual(await violations(page), []);
    } finally {
      await context.close();
    }
  });

  test('setUser(…, { skipForm: true }) with a question posts it as the first message and keeps it under `question`', async () => {
    const { context, page } = await hostPage();
    try {
      await page.evaluate(() => {
        const api = (window as unknown as { FlexWebchat: { setUser(u: object, o: object): void } }).FlexWebchat;
        api.setUser({ friendlyName: 'Grace', question: 'Can I change my address?' }, { skipForm: true });
      });
      const { conversationSid: sid } = (await waitForEvent(page, 'conversationStarted')) as { conversationSid: string };
      const conversation = await rig.flex.conversation(sid);
      assert.deepEqual(conversation.attributes.pre_engagement_data, {
        friendlyName: 'Grace',
        question: 'Can I change my address?',
        context: { pageUrl: rig.stack.hostUrl, pageTitle: 'Demo shop: Flex Webchat' },
      });
      const customer = conversation.participants.find((p) => p.role === 'customer');
      assert.deepEqual(conversation.messages[0] && [conversation.messages[0].author, conversation.messages[0].body], [
        customer?.identity,
        'Can I change my address?',
      ]);
    } finally {
      await context.close();
    }
  });
});

describe('loader + real widget: a widget frame denied storage', () => {
  // Served from another site than the host page: this Chromium denies that frame its storage.
  const rig = useRealStack({ thirdParty: true, emulator: { autoAgent: false } });

  test('clears a stale returning-visitor flag, so later page views do not load the widget for nothing', async () => {
    const context = await rig.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(rig.stack.hostUrl);
      await page.evaluate(() => localStorage.setItem('flex-webchat', '1'));
      await page.reload();
      // The flag makes the loader create the iframe at idle; the widget has no session to resume.
      await page.locator('iframe[title="Chat"]').waitFor({ state: 'attached' });
      await waitFor('the flag to be cleared', async () => (await hostFlag(page)) === null);
    } finally {
      await context.close();
    }
  });
});

/**
 * "Previous conversations" end to end: Chromium on the demo host page, a verified customer (identity
 * token minted here with the secret, as the site's back end would) with two earlier, closed chats
 * in the Flex emulator opens the list from the form, reads one (the authors' names, "You", no
 * composer), comes back with the keyboard focus where it was; another customer's chat is never
 * listed; a visitor without an identity token has no way in; a chat that ends offers the list
 * too. The server's refusals are test/server/history.test.ts's.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { epochIn, mintIdentityToken, TEST_IDENTITY_SECRET } from '../../scripts/harness/identity-token.ts';
import { useRealStack } from '../support/fixtures.ts';
import { conversationWith, openPanel, startChat, widget } from './support/e2e.ts';

const tokenFor = (sub: string, name: string) => mintIdentityToken({ sub, exp: epochIn(600), name });

/** The site's own script signs the customer in (FlexWebchat.setUser with an identity token). */
async function signIn(page: Page, name: string, identityToken: string): Promise<void> {
  await page.waitForFunction(
    () => typeof (window as unknown as { FlexWebchat?: { setUser?: unknown } }).FlexWebchat?.setUser === 'function',
  );
  await page.evaluate(
    ([friendlyName, token]) =>
      (
        window as unknown as {
          FlexWebchat: { setUser(u: Record<string, string>, o: { identityToken: string }): void };
        }
      ).FlexWebchat.setUser({ friendlyName: friendlyName! }, { identityToken: token! }),
    [name, identityToken],
  );
}

/** Which element of the widget's document has the focus: its role-ish description. */
const focused = (page: Page) =>
  widget(page)
    .locator(':root')
    .evaluate(() => {
      const active = document.activeElement;
      return active ? `${active.tagName.toLowerCase()}: ${active.textContent?.trim() ?? ''}` : '';
    });

describe('previous conversations', () => {
  const rig = useRealStack({ emulator: { autoAgent: false }, serverEnv: { IDENTITY_SECRET: TEST_IDENTITY_SECRET } });

  /** An earlier chat, started through our server as the widget would, answered and closed by an agent. */
  async function earlierChat(sub: string, name: string, question: string, reply: string): Promise<string> {
    const response = await fetch(`${rig.stack.serverUrl}/api/webchat/init`, {
      method: 'POST',
      headers: { Origin: rig.stack.serverUrl, 'Content-Type': 'application/json' },
      body: JSON.stringify({ friendlyName: name, question, identityToken: tokenFor(sub, name) }),
    });
    assert.equal(response.status, 201);
    const { conversationSid } = (await response.json()) as { conversationSid: string };
    await rig.flex.agentJoins(conversationSid);
    await rig.flex.agentSays(conversationSid, reply);
    await rig.flex.setState(conversationSid, 'closed');
    return conversationSid;
  }

  test('a verified customer lists their two earlier chats, reads one read-only, and goes back by keyboard; never another customer’s', async () => {
    await earlierChat('shop-ada', 'Ada Lovelace', 'Where is order 4711?', 'It ships tomorrow.');
    await earlierChat('shop-ada', 'Ada Lovelace', 'Can I change my delivery address?', 'Yes, I have changed it.');
    await earlierChat('shop-bob', 'Bob', 'Bob’s private question', 'Bob’s private answer');

    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    await signIn(page, 'Ada', tokenFor('shop-ada', 'Ada Lovelace'));
    const w = await openPanel(page);
    const entry = w.getByRole('button', { name: 'Previous conversations' });
    await entry.click();

    const heading = w.getByRole('heading', { name: 'Previous conversations' });
    await heading.waitFor();
    const items = w.getByRole('list').getByRole('button');
    await items.nth(1).waitFor();
    const labels = await items.allInnerTexts();
    assert.equal(labels.length, 2, labels.join(' | '));
    assert.match(labels[0]!, /Can I change my delivery address\?/, 'the newest first');
    assert.match(labels[1]!, /Where is order 4711\?/);
    assert.ok(!labels.join(' ').includes('Bob'), 'another customer’s chat is not listed');
    assert.match(await focused(page), /^h2: Previous conversations$/, 'the list’s heading has the focus');
    assert.equal(await w.getByLabel('Name').count(), 1, 'the form is only hidden');
    assert.ok(!(await w.getByLabel('Name').isVisible()));

    // Open the older one with the keyboard.
    await items.nth(1).focus();
    await page.keyboard.press('Enter');
    const reader = w.getByRole('heading', { name: /^Conversation of / });
    await reader.waitFor();
    assert.match(await focused(page), /^h2: Conversation of /);
    const messages = w.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    await messages.filter({ hasText: 'It ships tomorrow.' }).waitFor();
    const texts = await messages.allInnerTexts();
    const own = texts.find((text) => text.includes('Where is order 4711?'));
    const agent = texts.find((text) => text.includes('It ships tomorrow.'));
    assert.match(own ?? '', /^You\b/, 'the customer’s own message is “You”');
    assert.match(agent ?? '', /^Alex\b/, 'the agent’s message carries the agent’s name');
    await w.getByText('This conversation has ended. You can read it, but not reply.').waitFor();
    assert.equal(await w.getByRole('textbox', { name: 'Type a message' }).count(), 0, 'read-only: no composer');

    // Back to the list: the focus returns to the conversation it came from; back again: to the entry.
    await w.getByRole('button', { name: 'Back' }).click();
    await heading.waitFor();
    assert.match(await focused(page), /Where is order 4711\?/);
    await w.getByRole('button', { name: 'Back' }).click();
    await w.getByLabel('Name').waitFor();
    assert.equal(await focused(page), 'button: Previous conversations');
    await context.close();
  });

  test('a visitor without an identity token has no way in; a signed-in customer whose chat ends finds the list under it', async () => {
    const anonymous = await rig.browser.newContext();
    const visitor = await anonymous.newPage();
    await visitor.goto(rig.stack.hostUrl);
    const v = await openPanel(visitor);
    await v.getByRole('button', { name: 'Start chat' }).waitFor();
    assert.equal(await v.getByRole('button', { name: 'Previous conversations' }).count(), 0);
    await anonymous.close();

    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    await signIn(page, 'Cy', tokenFor('shop-cy', 'Cy'));
    await openPanel(page);
    await startChat(page, { name: 'Cy', question: 'One question today' });
    const conversation = await conversationWith(rig.flex, 'One question today');
    await rig.flex.setState(conversation.sid, 'closed');
    const w = widget(page);
    await w.getByText('This conversation has ended.').first().waitFor();
    await w.getByRole('button', { name: 'Previous conversations' }).click();
    await w
      .getByRole('list')
      .getByRole('button', { name: /One question today/ })
      .waitFor();
    await context.close();
  });
});

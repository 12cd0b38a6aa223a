/**
 * Verified customers and page context end to end: Chromium on the demo host page → the loader
 * (setContext, setUser with an identity token minted here with the secret, as the site's back end
 * would) → the widget → our server → the Flex emulator, whose control API shows what Flex holds.
 * The refusals of bad tokens, spoofed keys and context limits, with no request reaching Twilio,
 * are test/server/identity.test.ts's.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { epochIn, mintIdentityToken, TEST_IDENTITY_SECRET } from '../../scripts/harness/identity-token.ts';
import { useRealStack } from '../support/fixtures.ts';
import {
  bubbles,
  conversationWith,
  customerOf,
  messageLog,
  openPanel,
  startChat,
  waitFor,
  widget,
} from './support/e2e.ts';

interface HostApi {
  setUser(user: Record<string, unknown>, options?: { skipForm?: boolean; identityToken?: string }): void;
  setContext(context: Record<string, unknown>): void;
}

/** Runs FlexWebchat calls in the host page, as the site's own script would. */
async function host(
  page: Page,
  calls: { context?: Record<string, unknown>; user?: Record<string, unknown>; identityToken?: string },
) {
  await page.waitForFunction(
    () => typeof (window as unknown as { FlexWebchat?: { setUser?: unknown } }).FlexWebchat?.setUser === 'function',
  );
  await page.evaluate((c) => {
    const api = (window as unknown as { FlexWebchat: HostApi }).FlexWebchat;
    if (c.context) api.setContext(c.context);
    if (c.user) api.setUser(c.user, c.identityToken === undefined ? {} : { identityToken: c.identityToken });
  }, calls);
}

describe('verified customers and page context', () => {
  const rig = useRealStack({ emulator: { autoAgent: false }, serverEnv: { IDENTITY_SECRET: TEST_IDENTITY_SECRET } });

  test('a verified customer: verified_customer_id, the token’s name and e-mail, the page context in Flex; on another browser the open chat resumes', async () => {
    const token = () =>
      mintIdentityToken({
        sub: 'shop-customer-4711',
        exp: epochIn(600),
        name: 'Ada Lovelace',
        email: 'ada@example.com',
      });
    const laptop = await rig.browser.newContext();
    const page = await laptop.newPage();
    await page.goto(`${rig.stack.hostUrl}?utm_source=mail#products`);
    await host(page, {
      context: { plan: 'pro', cartValue: 129.5 },
      user: { friendlyName: 'Ada' },
      identityToken: token(),
    });
    await openPanel(page);
    await startChat(page, { name: 'Ada', email: 'someone@else.example', question: 'Where is order 4711?' });

    const first = await conversationWith(rig.flex, 'Where is order 4711?');
    const customer = customerOf(first);
    assert.match(customer.identity, /^customer-/);
    assert.ok(!customer.identity.includes('4711'), 'the identity does not carry the customer id');
    assert.equal(customer.friendlyName, 'Ada Lovelace');
    assert.deepEqual(first.attributes.pre_engagement_data, {
      email: 'ada@example.com',
      friendlyName: 'Ada Lovelace',
      question: 'Where is order 4711?',
      context: {
        pageUrl: new URL(rig.stack.hostUrl).href,
        pageTitle: 'Demo shop: Flex Webchat',
        plan: 'pro',
        cartValue: 129.5,
      },
      verified_customer_id: 'shop-customer-4711',
    });

    // Another browser (nothing stored): signing in and starting a chat resumes the open one.
    const phone = await rig.browser.newContext();
    const other = await phone.newPage();
    await other.goto(rig.stack.hostUrl);
    await host(other, { user: { friendlyName: 'Ada' }, identityToken: token() });
    await openPanel(other);
    await startChat(other, { name: 'Ada', question: 'Any news from my phone?' });
    await messageLog(other).getByText('Any news from my phone?').waitFor();
    await waitFor('the earlier question on the other browser', async () =>
      (await bubbles(other)).includes('Where is order 4711?'),
    );
    const again = await rig.flex.conversation(first.sid);
    assert.deepEqual(
      again.messages.filter((m) => m.author === customer.identity).map((m) => m.body),
      ['Where is order 4711?', 'Any news from my phone?'],
    );
    assert.equal((await rig.flex.conversations()).length, 1, 'one conversation, not two');
    // And the first browser sees the message sent from the other.
    await messageLog(page).getByText('Any news from my phone?').waitFor();
    await laptop.close();
    await phone.close();
  });

  test('an expired identity token: the visitor is asked to reload, and Flex gets nothing', async () => {
    const before = (await rig.flex.conversations()).length;
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    await host(page, {
      user: { friendlyName: 'Eve' },
      identityToken: mintIdentityToken({ sub: 'c-1', exp: epochIn(-300) }),
    });
    const w = await openPanel(page);
    await w.getByLabel('Name').fill('Eve');
    await w.getByLabel('How can we help?').fill('Let me in');
    await w.getByRole('button', { name: 'Start chat' }).click();
    await w.getByText('We could not confirm that you are signed in. Please reload the page and try again.').waitFor();
    assert.equal((await rig.flex.conversations()).length, before);
    await context.close();
  });
});

describe('REQUIRE_VERIFIED_IDENTITY=true', () => {
  const rig = useRealStack({
    emulator: { autoAgent: false },
    serverEnv: { IDENTITY_SECRET: TEST_IDENTITY_SECRET, REQUIRE_VERIFIED_IDENTITY: 'true' },
  });

  test('a visitor without an identity token is asked to sign in; with one (skipForm) the chat starts', async () => {
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    const w = await openPanel(page);
    await w.getByLabel('Name').fill('Anon');
    await w.getByLabel('How can we help?').fill('Hello?');
    await w.getByRole('button', { name: 'Start chat' }).click();
    await w.getByText('Please sign in to chat with us.').waitFor();
    assert.equal((await rig.flex.conversations()).length, 0);

    // The customer signs in (the site calls setUser with a token): the chat starts without the form.
    await page.evaluate(
      (identityToken) =>
        (window as unknown as { FlexWebchat: HostApi }).FlexWebchat.setUser(
          { friendlyName: 'Bo', question: 'Signed in now' },
          { skipForm: true, identityToken },
        ),
      mintIdentityToken({ sub: 'c-2', exp: epochIn(600) }),
    );
    await widget(page).getByRole('textbox', { name: 'Type a message' }).waitFor();
    const conversation = await conversationWith(rig.flex, 'Signed in now');
    assert.equal(conversation.attributes.pre_engagement_data?.verified_customer_id, 'c-2');
    await context.close();
  });
});

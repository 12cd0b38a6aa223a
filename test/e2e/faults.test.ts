/**
 * Faults, end to end (Chromium → loader → widget with the real SDK → server → Flex emulator):
 * every socket dropped mid-chat, token expiry, /api/webchat/init failing (502, 429), storage denied.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { MemoryRateLimiter } from '../../server/rate-limit/rate-limiter.ts';
import { recordCspViolations, violations } from '../../scripts/harness/browser.ts';
import { useBrowser, useStack, type StackFixture } from '../support/fixtures.ts';
import {
  bodiesBy,
  bubbles,
  collectPageErrors,
  customerOf,
  messageLog,
  openPanel,
  say,
  startChat,
  waitFor,
  type ConversationDetail,
  type EmulatorControl,
} from './support/e2e.ts';

const RECONNECTING = 'Reconnecting…';
const ENDED = 'This conversation has ended.';
const STORAGE_NOTE = 'This browser blocks storage for the chat: the conversation lasts only while this page is open.';

const chromium = useBrowser();

/** Records, inside the widget frame, which of these texts were ever on screen (even briefly). */
async function watchTexts(context: BrowserContext, texts: string[]): Promise<void> {
  await context.addInitScript((watched: string[]) => {
    if (!location.pathname.startsWith('/widget')) return;
    const seen: string[] = [];
    (window as unknown as { __seen: string[] }).__seen = seen;
    new MutationObserver(() => {
      const text = document.body?.textContent ?? '';
      for (const w of watched) if (!seen.includes(w) && text.includes(w)) seen.push(w);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  }, texts);
}

async function seenTexts(page: Page): Promise<string[]> {
  const frame = page.frames().find((f) => f.url().includes('/widget?'));
  if (!frame) throw new Error('no widget frame');
  return frame.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
}

/** A visitor on the demo host page with a started chat; the agent (Alex) has joined and said hello. */
async function visitorInChat({ stack, flex }: StackFixture, question: string) {
  const context = await chromium.browser.newContext();
  await recordCspViolations(context);
  await watchTexts(context, [RECONNECTING, ENDED]);
  const errors = collectPageErrors(context);
  const page = await context.newPage();
  await page.goto(stack.hostUrl);
  const w = await openPanel(page);
  await startChat(page, { name: 'Bea', question });
  await messageLog(page).getByText(question).waitFor();
  const conversation = await waitFor('the conversation in Flex', async () => {
    for (const c of await flex.conversations()) {
      const full = await flex.conversation(c.sid);
      if (full.messages.some((m) => m.body === question)) return full;
    }
    return undefined;
  });
  await flex.agentJoins(conversation.sid);
  await flex.agentSays(conversation.sid, `Hello Bea (${question})`);
  await messageLog(page).getByText(`Hello Bea (${question})`).waitFor();
  return { context, page, w, errors, conversation, identity: customerOf(conversation).identity };
}

/** The `iat` claim of an access token. */
function issuedAt(token: string | undefined): number {
  const payload = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString()) as { iat: number };
  return payload.iat;
}

async function visitorBodies(
  flex: EmulatorControl,
  conversation: ConversationDetail,
  identity: string,
): Promise<string[]> {
  return bodiesBy(await flex.conversation(conversation.sid), identity);
}

describe('the connection and the token, mid-chat', () => {
  const rig = useStack({ emulator: { autoAgent: false } });

  test('every socket dropped, three messages written while down → each delivered once, in order', async () => {
    const { context, page, w, errors, conversation, identity } = await visitorInChat(rig, 'Is my parcel lost?');

    // The emulator drops every Twilsock socket; the browser stays offline so the SDK cannot reconnect yet.
    // (Offline emulation closes sockets itself, so drop first; the SDK waits ~1 s before reconnecting.)
    const dropped = (await rig.flex.faults({ dropConnections: true })) as { droppedConnections: number };
    await context.setOffline(true);
    assert.ok(dropped.droppedConnections >= 1);
    await w.getByText(RECONNECTING).waitFor();

    await say(page, 'First, the parcel number is 77.');
    await say(page, 'Second, it was due on Friday.');
    await say(page, 'Third, nobody rang the bell.');
    await waitFor('three "Sending…"', async () => (await w.getByText('Sending…', { exact: true }).count()) === 3);
    assert.deepEqual(
      await visitorBodies(rig.flex, conversation, identity),
      ['Is my parcel lost?'],
      'nothing reached Flex while down',
    );

    await context.setOffline(false);
    await w.getByText(RECONNECTING).waitFor({ state: 'hidden' });
    await waitFor(
      'the three messages in Flex',
      async () => (await visitorBodies(rig.flex, conversation, identity)).length === 4,
    );
    await waitFor('no "Sending…" left', async () => (await w.getByText('Sending…', { exact: true }).count()) === 0);

    const expected = [
      'Is my parcel lost?',
      'First, the parcel number is 77.',
      'Second, it was due on Friday.',
      'Third, nobody rang the bell.',
    ];
    assert.deepEqual(await visitorBodies(rig.flex, conversation, identity), expected, 'each once, in order');
    const shown = (await bubbles(page)).filter((b) => expected.includes(b));
    assert.deepEqual(shown, expected, 'the visitor sees each once, in order');

    // Still live both ways after the reconnect.
    await rig.flex.agentSays(conversation.sid, 'Got all three, thanks.');
    await messageLog(page).getByText('Got all three, thanks.').waitFor();
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('token about to expire, then expired → refreshed through /api/webchat/token without the visitor noticing', async () => {
    const { context, page, w, errors, conversation, identity } = await visitorInChat(rig, 'Can I change my address?');
    const frame = page.frames().find((f) => f.url().includes('/widget?'))!;
    const storedToken = () =>
      frame.evaluate(
        () => (JSON.parse(localStorage.getItem('flex-webchat:session') ?? '{}') as { token?: string }).token,
      );
    const tokenRequests = () =>
      rig.stack.serverLogs.filter((l) => l.path === '/api/webchat/token' && l.status === 200).length;
    const original = await storedToken();
    assert.equal(tokenRequests(), 0);
    // Tokens minted in the same second are identical (iat, exp, jti): let the clock tick past this one.
    await waitFor('a new second', async () => Math.floor(Date.now() / 1000) > issuedAt(await storedToken()));

    // Twilsock's client_update → tokenAboutToExpire → a new token, with the connection kept.
    await rig.flex.tokensAboutToExpire();
    await waitFor('the token request', () => tokenRequests() === 1);
    const renewed = await waitFor('the new token in the session', async () => {
      const token = await storedToken();
      return token !== original ? token : undefined;
    });
    await say(page, 'The new address is 1 Main Street.');
    await waitFor('the message in Flex', async () =>
      (await visitorBodies(rig.flex, conversation, identity)).includes('The new address is 1 Main Street.'),
    );
    await rig.flex.agentSays(conversation.sid, 'Address updated.');
    await messageLog(page).getByText('Address updated.').waitFor();
    assert.deepEqual(await seenTexts(page), [], 'no banner, no ended view');

    // The socket closed for an expired token (410 / 20104) → tokenExpired → another new token, reconnected.
    await waitFor('a new second', async () => Math.floor(Date.now() / 1000) > issuedAt(await storedToken()));
    // (The SDK lets go of the closed socket only after its 3 s "disconnecting" timeout, so a
    // "Reconnecting…" banner may show for a moment; the visitor's messages wait in the outbox.)
    await rig.flex.tokensExpire();
    await waitFor('the second token request', () => tokenRequests() === 2);
    await waitFor('the newest token in the session', async () => (await storedToken()) !== renewed);
    await say(page, 'And the flat is number 4.');
    await waitFor('the message after expiry in Flex', async () =>
      (await visitorBodies(rig.flex, conversation, identity)).includes('And the flat is number 4.'),
    );
    await rig.flex.agentSays(conversation.sid, 'Noted the flat too.');
    await messageLog(page).getByText('Noted the flat too.').waitFor();
    assert.equal(await w.getByRole('textbox', { name: 'Type a message' }).isEnabled(), true);
    assert.ok(!(await seenTexts(page)).includes(ENDED), 'the chat never looked ended');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('token expired (no warning before) and the first refresh fails (502) → retried, recovered without a reload; nothing typed is lost', async () => {
    const { context, page, w, errors, conversation, identity } = await visitorInChat(rig, 'Where is my refund?');
    const frame = page.frames().find((f) => f.url().includes('/widget?'))!;
    // Token answers of this test (the stack's log holds those of the tests before).
    const earlier = rig.stack.serverLogs.length;
    const tokenAnswers = (status: number) =>
      rig.stack.serverLogs.slice(earlier).filter((l) => l.path === '/api/webchat/token' && l.status === status).length;
    // A mark in the widget's window: still there at the end means the widget was never reloaded.
    await frame.evaluate(() => ((window as unknown as { __sameWidget: boolean }).__sameWidget = true));

    // The refresh's one upstream check (the identity's conversations) fails once: our server answers 502.
    await rig.flex.faults({
      failNext: {
        match: 'GET /conversations/v1/ParticipantConversations',
        status: 500,
        count: 1,
      },
    });
    // tokenAboutToExpire was missed (a frozen tab, a sleeping laptop): only the 410 close comes.
    await rig.flex.tokensExpire();
    await waitFor('the refresh that failed', () => tokenAnswers(502) === 1);
    await say(page, 'Typed while the refresh failed.');
    await w.getByRole('textbox', { name: 'Type a message' }).fill('A draft, not sent yet');

    await waitFor('the retried refresh', () => tokenAnswers(200) === 1);
    await waitFor('the message typed meanwhile, in Flex', async () =>
      (await visitorBodies(rig.flex, conversation, identity)).includes('Typed while the refresh failed.'),
    );
    await rig.flex.agentSays(conversation.sid, 'Your refund is on its way.');
    await messageLog(page).getByText('Your refund is on its way.').waitFor();
    await w.getByText(RECONNECTING).waitFor({ state: 'hidden' });
    assert.equal(await w.getByRole('textbox', { name: 'Type a message' }).inputValue(), 'A draft, not sent yet');
    await say(page, 'Thanks!');
    await waitFor('a message after the recovery, in Flex', async () =>
      (await visitorBodies(rig.flex, conversation, identity)).includes('Thanks!'),
    );
    assert.deepEqual(await visitorBodies(rig.flex, conversation, identity), [
      'Where is my refund?',
      'Typed while the refresh failed.',
      'Thanks!',
    ]);
    assert.equal(
      await frame.evaluate(() => (window as unknown as { __sameWidget?: boolean }).__sameWidget),
      true,
      'no reload',
    );
    assert.ok(!(await seenTexts(page)).includes(ENDED), 'the chat never looked ended');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('token expired and the server refuses the session (401 session_expired) → "Your session has expired." and "Start new chat"', async () => {
    const { context, page, w, errors } = await visitorInChat(rig, 'Are you still there?');
    // Fault injector: the token refresh is refused as the server refuses a session it will not renew.
    await page.route('**/api/webchat/token', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'session_expired', message: 'This chat session has expired. Please start a new chat.' },
        }),
      }),
    );
    await rig.flex.tokensExpire();
    await w.getByText('Your session has expired.').waitFor();
    assert.equal(await w.getByRole('textbox', { name: 'Type a message' }).count(), 0);
    await w.getByRole('button', { name: 'Start new chat' }).click();
    await w.getByRole('button', { name: 'Start chat' }).waitFor();
    assert.equal(await w.getByLabel('Name').inputValue(), 'Bea');
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('/api/webchat/init failing', () => {
  let clock = 0;
  // The server's real limiter (2 starts a minute per address), on a clock the test moves.
  const rig = useStack({
    emulator: { autoAgent: false },
    rateLimiters: { init: new MemoryRateLimiter(2, () => clock) },
  });

  test('Flex fails (our server answers 502) → a clear message and a working Retry; then 429 → the wait, and Retry once it passed', async () => {
    const context = await chromium.browser.newContext();
    const errors = collectPageErrors(context);
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    const w = await openPanel(page);

    await rig.flex.faults({ failNext: { match: 'POST /flex-api/v2/WebChats', status: 500, count: 1 } });
    await w.getByLabel('Name').fill('Cy');
    await w.getByLabel('How can we help?').fill('Do you ship to Norway?');
    await w.getByRole('button', { name: 'Start chat' }).click();
    const alert = w.getByRole('alert').filter({ hasText: 'We could not start the chat.' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /Twilio answered 500/, "the server's message is shown");
    assert.ok(rig.stack.serverLogs.some((l) => l.path === '/api/webchat/init' && l.status === 502));
    assert.equal((await rig.flex.conversations()).length, 0);

    await alert.getByRole('button', { name: 'Retry' }).click();
    await messageLog(page).getByText('Do you ship to Norway?').waitFor();
    assert.equal((await rig.flex.conversations()).length, 1, 'Retry started the chat');

    // A second visitor from the same address, over the limit (2 a minute) → 429.
    const other = await context.browser()!.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(rig.stack.hostUrl);
    const w2 = await openPanel(otherPage);
    await w2.getByLabel('Name').fill('Dee');
    await w2.getByLabel('How can we help?').fill('Gift wrapping?');
    await w2.getByRole('button', { name: 'Start chat' }).click();
    const limited = w2
      .getByRole('alert')
      .filter({ hasText: 'Too many attempts. Please wait 60 seconds and try again.' });
    await limited.waitFor();
    assert.ok(rig.stack.serverLogs.some((l) => l.path === '/api/webchat/init' && l.status === 429));
    assert.equal((await rig.flex.conversations()).length, 1);

    clock += 60_000; // the minute has passed
    await limited.getByRole('button', { name: 'Retry' }).click();
    await messageLog(otherPage).getByText('Gift wrapping?').waitFor();
    assert.equal((await rig.flex.conversations()).length, 2);
    assert.deepEqual(errors, []);
    await other.close();
    await context.close();
  });
});

describe('storage denied', () => {
  // The widget on another site than the page: Chromium denies the frame localStorage and sessionStorage.
  const rig = useStack({ emulator: { autoAgent: false }, thirdParty: true });

  test('the frame cannot use storage → a visible note, and the chat works for the page’s lifetime', async () => {
    const { context, page, w, errors, conversation, identity } = await visitorInChat(rig, 'Is storage needed?');
    const frame = page.frames().find((f) => f.url().includes('/widget?'))!;
    assert.equal(
      await frame.evaluate(() => {
        try {
          return typeof localStorage.length;
        } catch {
          return 'denied';
        }
      }),
      'denied',
    );
    await w.getByText(STORAGE_NOTE).waitFor();

    await say(page, 'Still here?');
    await waitFor('the message in Flex', async () =>
      (await visitorBodies(rig.flex, conversation, identity)).includes('Still here?'),
    );
    await rig.flex.agentTypes(conversation.sid);
    await w.getByText('Alex is typing…').waitFor();
    await rig.flex.agentSays(conversation.sid, 'Yes, all good.');
    await messageLog(page).getByText('Yes, all good.').waitFor();
    await rig.flex.agentReads(conversation.sid);
    await messageLog(page).getByText('Read', { exact: true }).waitFor();

    // A token refresh works from memory too.
    await rig.flex.tokensAboutToExpire();
    await waitFor('the token request', () =>
      rig.stack.serverLogs.some((l) => l.path === '/api/webchat/token' && l.status === 200),
    );
    await say(page, 'After the refresh.');
    await waitFor('the message after the refresh', async () =>
      (await visitorBodies(rig.flex, conversation, identity)).includes('After the refresh.'),
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
});

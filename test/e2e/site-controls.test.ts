/**
 * Business hours and the Turnstile check on the real stack (demo host page → loader → widget →
 * server → emulator, Chromium): the offline view instead of the form in the visitor's locale and
 * time zone (OFFLINE_MODE=message), the form with the reply note and a conversation marked
 * after_hours (leave-message), and the form's Turnstile check passing or blocking, through the
 * local stand-in (scripts/harness/turnstile-stand-in.ts) the server's CSP lets in.
 *
 * The server runs on the real clock: the schedules below are closed today and tomorrow (closed
 * dates) and open every day 09:00–17:00 UTC otherwise, so the chat is closed now, whenever the
 * test runs, and opens the day after tomorrow at 09:00 UTC.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useRealStack } from '../support/fixtures.ts';
import { TURNSTILE_TEST_KEYS } from '../../scripts/harness/turnstile-stand-in.ts';
import { collectPageErrors, openPanel, waitFor, widget } from './support/e2e.ts';

const DAY_MS = 86_400_000;
const today = new Date();
const utcDate = (offsetDays: number) => new Date(today.getTime() + offsetDays * DAY_MS).toISOString().slice(0, 10);
const DAILY = [['09:00', '17:00']];
const CLOSED_NOW = JSON.stringify({
  timeZone: 'UTC',
  weekly: { mon: DAILY, tue: DAILY, wed: DAILY, thu: DAILY, fri: DAILY, sat: DAILY, sun: DAILY },
  closed: [utcDate(0), utcDate(1)],
});
const NEXT_OPEN = Date.parse(`${utcDate(2)}T09:00:00Z`);
const VISITOR_ZONE = 'America/New_York';

/** "{weekday}" and "{time}" of the opening as the widget words them, for a visitor in VISITOR_ZONE. */
function expectedWhen(tag: string): { day: string; time: string } {
  return {
    day: new Intl.DateTimeFormat(tag, { timeZone: VISITOR_ZONE, weekday: 'long' }).format(NEXT_OPEN),
    time: new Intl.DateTimeFormat(tag, { timeZone: VISITOR_ZONE, hour: 'numeric', minute: '2-digit' }).format(
      NEXT_OPEN,
    ),
  };
}

describe('OFFLINE_MODE=message, outside business hours', () => {
  const rig = useRealStack({ emulator: { autoAgent: false }, serverEnv: { BUSINESS_HOURS: CLOSED_NOW } });

  test('the offline view replaces the form, saying when we are back in the visitor’s locale and time zone', async () => {
    const context = await rig.browser.newContext({ timezoneId: VISITOR_ZONE, locale: 'en-US' });
    const errors = collectPageErrors(context);
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    const w = await openPanel(page);
    await w.getByRole('heading', { name: "We're offline right now." }).waitFor();
    const { day, time } = expectedWhen('en-US');
    await w.getByText(`We'll be back ${day} at ${time}.`).waitFor();
    assert.equal(await w.getByRole('button', { name: 'Start chat' }).count(), 0, 'no form');
    assert.equal(await w.getByLabel('Name').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('in German, with the German weekday and time', async () => {
    const context = await rig.browser.newContext({ timezoneId: VISITOR_ZONE, locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    await page.getByRole('button', { name: /^Chat öffnen/ }).click();
    const w = widget(page);
    await w.getByRole('heading', { name: 'Wir sind gerade nicht erreichbar.' }).waitFor();
    const { day, time } = expectedWhen('de-DE');
    await w.getByText(`Wir sind ${day} um ${time} wieder da.`).waitFor();
    await context.close();
  });

  test('the server decides: its init refuses with 409 and nextOpenAt, and Flex has no conversation', async () => {
    const answer = await fetch(`${rig.stack.serverUrl}/api/webchat/init`, {
      method: 'POST',
      headers: { Origin: rig.stack.serverUrl, 'Content-Type': 'application/json' },
      body: JSON.stringify({ friendlyName: 'Ada', question: 'Anyone there?' }),
    });
    assert.equal(answer.status, 409);
    const body = (await answer.json()) as { error: { code: string; nextOpenAt: string } };
    assert.equal(body.error.code, 'outside_business_hours');
    assert.equal(body.error.nextOpenAt, new Date(NEXT_OPEN).toISOString());
    assert.deepEqual(await rig.flex.conversations(), []);
  });
});

describe('OFFLINE_MODE=leave-message, outside business hours', () => {
  const rig = useRealStack({
    emulator: { autoAgent: false },
    serverEnv: { BUSINESS_HOURS: CLOSED_NOW, OFFLINE_MODE: 'leave-message' },
  });

  test('the form stays with a note on when to expect a reply, and the conversation is marked after_hours', async () => {
    const context = await rig.browser.newContext({ timezoneId: VISITOR_ZONE, locale: 'en-US' });
    const errors = collectPageErrors(context);
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    const w = await openPanel(page);
    const { day, time } = expectedWhen('en-US');
    await w.getByText(`We're offline right now. Leave a message and we'll reply ${day} at ${time}.`).waitFor();
    await w.getByLabel('Name').fill('Grace');
    await w.getByLabel('How can we help?').fill('Please call me back about my order.');
    await w.getByRole('button', { name: 'Start chat' }).click();
    await w.getByRole('textbox', { name: 'Type a message' }).waitFor();
    const conversation = await waitFor('the conversation', async () => (await rig.flex.conversations())[0]);
    assert.equal(conversation.attributes.pre_engagement_data?.after_hours, true);
    assert.equal(conversation.attributes.pre_engagement_data?.question, 'Please call me back about my order.');
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('Turnstile: a passing check', () => {
  const rig = useRealStack({
    emulator: { autoAgent: false },
    turnstile: { siteKey: TURNSTILE_TEST_KEYS.passingSiteKey, secretKey: TURNSTILE_TEST_KEYS.passingSecret },
  });

  test('the form carries the check (its frame allowed by the CSP); its token is verified and the chat starts', async () => {
    const context = await rig.browser.newContext();
    const errors = collectPageErrors(context);
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    const w = await openPanel(page);
    const check = w.frameLocator('iframe[title="Widget containing a Cloudflare security challenge"]');
    await check.getByText('Success!').waitFor();
    await w.getByLabel('Name').fill('Ada');
    await w.getByLabel('How can we help?').fill('Is this a real person?');
    await w.getByRole('button', { name: 'Start chat' }).click();
    await w.getByRole('textbox', { name: 'Type a message' }).waitFor();
    const verifications = rig.stack.turnstile?.verifications ?? [];
    assert.equal(verifications.length, 1);
    assert.equal(verifications[0]?.answer.success, true);
    assert.equal((await rig.flex.conversations()).length, 1);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('Turnstile: a blocking check', () => {
  const rig = useRealStack({
    emulator: { autoAgent: false },
    turnstile: { siteKey: TURNSTILE_TEST_KEYS.blockingSiteKey, secretKey: TURNSTILE_TEST_KEYS.passingSecret },
  });

  test('without a token the server refuses (403 bot_check_failed), the visitor is told, and Flex has no conversation', async () => {
    const context = await rig.browser.newContext();
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    const w = await openPanel(page);
    const check = w.frameLocator('iframe[title="Widget containing a Cloudflare security challenge"]');
    await check.getByText('Verification failed').waitFor();
    await w.getByLabel('Name').fill('Bot');
    await w.getByLabel('How can we help?').fill('Buy cheap watches');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/webchat/init'));
    await w.getByRole('button', { name: 'Start chat' }).click();
    assert.equal((await refused).status(), 403);
    await w.getByRole('alert').filter({ hasText: 'Please complete the security check and try again.' }).waitFor();
    assert.deepEqual(await rig.flex.conversations(), []);
    await context.close();
  });
});

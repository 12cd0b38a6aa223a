/**
 * End to end on the real stack (demo host page → loader → widget with the SDK → server →
 * emulator): setLocale switches an open chat in place; WIDGET_STRINGS overrides a string;
 * data-locale wins, moves RTL locales to the left corner, and an unknown one means English with
 * one warning. Every locale's own run: test/e2e/locales-*.test.ts (support/locale-suite.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launcherName } from '../../loader/launcher-strings.ts';
import { catalogueOf, englishLeft, openPanelIn, startChatIn, visibleUiTexts } from '../../scripts/harness/locales.ts';
import { layout, messageLog, OVERRIDE, WIDGET_STRINGS, widgetDocument } from './support/locale-suite.ts';
import { hostPageWith } from './support/host-page.ts';
import { useRealStack } from '../support/fixtures.ts';

const rig = useRealStack({ emulator: { autoAgent: true, autoAgentDelayMs: 100 }, serverEnv: { WIDGET_STRINGS } });

test('setLocale switches an open chat in place: strings, lang, dir; the history stays', async () => {
  const context = await rig.browser.newContext({ locale: 'de-DE', viewport: { width: 1000, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    const de = await catalogueOf('de');
    assert.deepEqual(
      englishLeft(['Start chat', 'Type a message'], de),
      ['Start chat', 'Type a message'],
      'the English check sees English',
    );
    const w = await openPanelIn(page, 'de');
    // The site owner's wording (WIDGET_STRINGS) replaces the catalogue's.
    await w.getByText(OVERRIDE).waitFor();
    await startChatIn(page, de, { name: 'Jonas', question: 'Wo ist meine Bestellung 1234?' });
    await messageLog(page).getByText("I'm Alex").waitFor();
    const before = await messageLog(page).locator('.bubble').count();

    await page.evaluate(() =>
      (window as unknown as { FlexWebchat: { setLocale(tag: string): void } }).FlexWebchat.setLocale('he'),
    );
    const he = await catalogueOf('he');
    await w.locator(`#composer-input[placeholder="${he.typeMessage}"]`).waitFor();
    assert.deepEqual(await widgetDocument(page), { lang: 'he', dir: 'rtl' });
    assert.equal(await messageLog(page).locator('.bubble').count(), before, 'history kept, nothing reloaded');
    await w.getByText('Wo ist meine Bestellung 1234?').waitFor();
    assert.deepEqual(englishLeft(await visibleUiTexts(page), he), []);
    const l = await layout(page);
    assert.ok(l.own.x < l.agent.x, 'mirrored in place');
    assert.equal(await page.locator('body > button').last().getAttribute('aria-label'), launcherName('he', true));

    await page.evaluate(() =>
      (window as unknown as { FlexWebchat: { setLocale(tag: string): void } }).FlexWebchat.setLocale('fr-CA'),
    );
    const fr = await catalogueOf('fr');
    await w.locator(`#composer-input[placeholder="${fr.typeMessage}"]`).waitFor();
    assert.deepEqual(await widgetDocument(page), { lang: 'fr-CA', dir: 'ltr' });

    // An unknown or invalid tag: English, and the widget keeps working.
    for (const tag of ['constructor', '__proto__', 'xx-unknown']) {
      await page.evaluate(
        (t) => (window as unknown as { FlexWebchat: { setLocale(tag: string): void } }).FlexWebchat.setLocale(t),
        tag,
      );
    }
    await w.locator('#composer-input[placeholder="Type a message"]').waitFor();
    assert.equal((await widgetDocument(page)).lang, 'en');
  } finally {
    await context.close();
  }
});

test('data-locale wins over the browser’s languages; an RTL locale takes the left corner unless data-position says otherwise', async () => {
  const context = await rig.browser.newContext({ locale: 'de-DE', viewport: { width: 1000, height: 800 } });
  try {
    const page = await context.newPage();
    await hostPageWith(page, rig.stack.hostUrl, { locale: 'ar-MA' });
    const ar = await catalogueOf('ar');
    const w = await openPanelIn(page, 'ar');
    await w.getByRole('heading', { name: ar.formTitle }).waitFor();
    assert.deepEqual(await widgetDocument(page), { lang: 'ar-MA', dir: 'rtl' });
    assert.ok((await page.locator('iframe[title="Chat"]').boundingBox())!.x < 100, 'panel in the left corner');

    const right = await context.newPage();
    await hostPageWith(right, rig.stack.hostUrl, { locale: 'he', position: 'right' });
    assert.ok(
      (await right.locator('body > button').last().boundingBox())!.x > 800,
      'data-position="right" keeps the right corner',
    );
  } finally {
    await context.close();
  }
});

test('an unknown data-locale: English, with one console warning, and the chat works', async () => {
  const context = await rig.browser.newContext({ locale: 'de-DE', viewport: { width: 1000, height: 800 } });
  try {
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && m.text().includes('flex-webchat') && warnings.push(m.text()));
    await hostPageWith(page, rig.stack.hostUrl, { locale: 'ko-KR' });
    const w = await openPanelIn(page, 'en');
    await w.getByRole('heading', { name: 'Chat with us' }).waitFor();
    assert.deepEqual(await widgetDocument(page), { lang: 'en', dir: 'ltr' });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /no translation for "ko-KR", using English/);
  } finally {
    await context.close();
  }
});

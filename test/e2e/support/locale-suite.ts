/**
 * The per-locale end-to-end suite (split over test/e2e/locales-*.test.ts so each file stays
 * within the runner's per-file timeout): for each locale on the real stack, the browser's
 * language chooses it; the launcher, the form (with validation) and a live chat speak it with
 * `<html lang>` set and no English left except names and message bodies; Arabic and Hebrew mirror
 * (by computed layout). Also the helpers test/e2e/locales.test.ts shares.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { launcherName } from '../../../loader/launcher-strings.ts';
import { useRealStack } from '../../support/fixtures.ts';
import { collectPageErrors, widget } from './e2e.ts';
import {
  BROWSER_LANGUAGE,
  catalogueOf,
  englishLeft,
  openPanelIn,
  startChatIn,
  visibleUiTexts,
} from '../../../scripts/harness/locales.ts';

/** The message log, whatever its name in the locale. */
export const messageLog = (page: Page) => widget(page).locator('.log');

export const OVERRIDE = 'Schreiben Sie uns – wir sind für Sie da';
/** WIDGET_STRINGS for the stack: an override the tests look for. */
export const WIDGET_STRINGS = JSON.stringify({ nl: { formTitle: 'Vraag het ons' }, de: { formIntro: OVERRIDE } });

export async function widgetDocument(page: Page): Promise<{ lang: string; dir: string }> {
  const frame = page.frames().find((f) => f.url().includes('/widget?'));
  if (!frame) throw new Error('no widget frame');
  return frame.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
}

/** Bounding boxes of the pieces whose side flips in right-to-left layouts. */
export async function layout(page: Page) {
  const w = widget(page);
  const box = async (selector: string) => {
    const b = await w.locator(selector).first().boundingBox();
    if (!b) throw new Error(`no box for ${selector}`);
    return b;
  };
  return {
    own: await box('.group.own .bubble'),
    agent: await box('.group:not(.own) .bubble'),
    title: await box('.header .title'),
    close: await box('.header .close'),
    attach: await box('.composer-row .icon-button'),
    send: await box('.composer-row .send'),
    launcher: (await page.locator('body > button').last().boundingBox())!,
    panel: (await page.locator('iframe[title="Chat"]').boundingBox())!,
  };
}

export function localeSuite(locales: readonly string[]): void {
  const rig = useRealStack({ emulator: { autoAgent: true, autoAgentDelayMs: 100 }, serverEnv: { WIDGET_STRINGS } });

  describe(`locales ${locales.join(', ')} on the real stack`, () => {
    for (const locale of locales) {
      test(`${locale}: launcher, form and live chat in ${BROWSER_LANGUAGE[locale]}`, async () => {
        const strings = await catalogueOf(locale);
        const context = await rig.browser.newContext({
          locale: BROWSER_LANGUAGE[locale],
          viewport: { width: 1000, height: 800 },
        });
        const errors = collectPageErrors(context);
        const warnings: string[] = [];
        try {
          const page = await context.newPage();
          page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
          await page.goto(rig.stack.hostUrl);
          // The launcher speaks the language before the widget was ever loaded.
          assert.equal(
            await page.locator('body > button').last().getAttribute('aria-label'),
            launcherName(locale, false),
          );
          const w = await openPanelIn(page, locale);

          await w.getByRole('heading', { name: locale === 'nl' ? 'Vraag het ons' : strings.formTitle }).waitFor();
          assert.deepEqual(await widgetDocument(page), {
            lang: BROWSER_LANGUAGE[locale],
            dir: locale === 'ar' || locale === 'he' ? 'rtl' : 'ltr',
          });
          if (locale !== 'en') {
            // Validation messages too: send the empty form.
            await w.getByRole('button', { name: strings.startChat }).click();
            await w.locator('#field-friendlyName-error').filter({ hasText: /\S/ }).waitFor();
            assert.deepEqual(englishLeft(await visibleUiTexts(page), strings), [], 'English in the form');
          }

          await startChatIn(page, strings, {
            name: 'Dana',
            email: 'dana@example.com',
            question: `Order 1234 (${locale})`,
          });
          await messageLog(page).getByText("I'm Alex").waitFor(); // the emulated agent's greeting (a message body)
          await w.locator('.day', { hasText: strings.today }).first().waitFor();
          if (locale !== 'en')
            assert.deepEqual(englishLeft(await visibleUiTexts(page), strings), [], 'English in the chat');
          assert.equal(await w.locator('#composer-input').getAttribute('placeholder'), strings.typeMessage);

          const l = await layout(page);
          if (locale === 'ar' || locale === 'he') {
            // Mirrored: the visitor's own bubble on the left, the agent's on the right; close button,
            // Send and the panel's corner on the left too.
            assert.ok(l.own.x < l.agent.x, `own bubble left of the agent's (${l.own.x} vs ${l.agent.x})`);
            assert.ok(l.own.x - l.panel.x < 40, 'own bubble at the left edge');
            assert.ok(l.close.x < l.title.x, 'close button left of the title');
            assert.ok(l.send.x < l.attach.x, 'Send left of Attach');
            assert.ok(l.launcher.x < 100 && l.panel.x < 100, 'launcher and panel in the left corner');
          } else {
            assert.ok(l.own.x > l.agent.x, 'own bubble right of the agent’s');
            assert.ok(l.close.x > l.title.x && l.send.x > l.attach.x);
            assert.ok(l.launcher.x > 800, 'launcher in the right corner');
          }
          assert.deepEqual(errors, []);
          assert.deepEqual(
            warnings.filter((m) => m.includes('flex-webchat')),
            [],
            'no "unknown locale" warning',
          );
        } finally {
          await context.close();
        }
      });
    }
  });
}

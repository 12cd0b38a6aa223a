/**
 * The contact sheet of the open chat in all 14 locales (docs/screenshots/locales.png), for
 * `npm run screenshot`: each locale in a browser of that language on the real stack, a visitor's
 * question and the agent's answer in that language (with an order number and a link, to show
 * bidi isolation in Arabic and Hebrew), then the 14 panels side by side.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Stack } from './harness/stack.ts';
import { EmulatorControl } from '../emulator/control-client.ts';
import { widget } from './harness/visitor.ts';
import { waitFor } from './harness/wait.ts';
import { BROWSER_LANGUAGE, catalogueOf, LOCALES, openPanelIn, startChatIn } from './harness/locales.ts';

/** [visitor's name, question, agent's answer] per locale. */
const SCRIPT: Record<string, [string, string, string]> = {
  en: ['Ann', 'Where is my order #1234?', 'It left our warehouse this morning: https://example.com/track/1234'],
  de: [
    'Lena',
    'Wo ist meine Bestellung #1234?',
    'Sie hat heute Morgen unser Lager verlassen: https://example.com/track/1234',
  ],
  fr: [
    'Chloé',
    'Où en est ma commande n° 1234 ?',
    'Elle a quitté notre entrepôt ce matin : https://example.com/track/1234',
  ],
  es: [
    'Lucía',
    '¿Dónde está mi pedido n.º 1234?',
    'Ha salido de nuestro almacén esta mañana: https://example.com/track/1234',
  ],
  it: [
    'Giulia',
    'Dov’è il mio ordine n. 1234?',
    'È partito dal nostro magazzino stamattina: https://example.com/track/1234',
  ],
  pt: [
    'Beatriz',
    'Onde está meu pedido nº 1234?',
    'Ele saiu do nosso depósito hoje de manhã: https://example.com/track/1234',
  ],
  nl: [
    'Sanne',
    'Waar is mijn bestelling #1234?',
    'Die heeft vanochtend ons magazijn verlaten: https://example.com/track/1234',
  ],
  pl: [
    'Zofia',
    'Gdzie jest moje zamówienie nr 1234?',
    'Opuściło nasz magazyn dziś rano: https://example.com/track/1234',
  ],
  sv: ['Elsa', 'Var är min beställning #1234?', 'Den lämnade vårt lager i morse: https://example.com/track/1234'],
  tr: ['Elif', '1234 numaralı siparişim nerede?', 'Bu sabah depomuzdan çıktı: https://example.com/track/1234'],
  ja: ['Yui', '注文番号 1234 はどこですか？', '今朝、倉庫から出荷されました: https://example.com/track/1234'],
  zh: ['Li Na', '我的订单 #1234 在哪里？', '今天早上已从我们的仓库发出：https://example.com/track/1234'],
  ar: ['Layla', 'أين طلبي رقم 1234؟', 'غادر طلبك مستودعنا صباح اليوم: https://example.com/track/1234'],
  he: ['Noa', 'איפה ההזמנה שלי מספר 1234?', 'ההזמנה יצאה מהמחסן שלנו הבוקר: https://example.com/track/1234'],
};

export async function localesContactSheet(stack: Stack, browser: Browser, output: string): Promise<void> {
  const flex = new EmulatorControl(stack.emulator.url);
  const shots: { locale: string; png: string }[] = [];
  for (const locale of LOCALES) {
    const [name, question, answer] = SCRIPT[locale]!;
    const strings = await catalogueOf(locale);
    const context = await browser.newContext({
      locale: BROWSER_LANGUAGE[locale],
      viewport: { width: 1000, height: 760 },
      deviceScaleFactor: 1,
    });
    try {
      const page = await context.newPage();
      await page.goto(stack.hostUrl);
      const chat = await openPanelIn(page, locale);
      await startChatIn(page, strings, { name, question });
      const sid = await waitFor(`the ${locale} conversation`, async () => {
        for (const c of await flex.conversations()) {
          if ((await flex.conversation(c.sid)).messages.some((m) => m.body === question)) return c.sid;
        }
        return undefined;
      });
      await chat.locator('.log').getByText("I'm Alex").waitFor();
      await flex.agentReads(sid);
      await flex.agentSays(sid, answer);
      await chat.locator('.log').getByText('example.com/track/1234').waitFor();
      await chat.locator('.receipt').first().waitFor();
      await page.waitForTimeout(200);
      shots.push({ locale, png: (await page.locator('iframe[title="Chat"]').screenshot()).toString('base64') });
      await widget(page).locator('#composer-input').blur();
    } finally {
      await context.close();
    }
  }
  // The sheet: a page of the 14 panels, 7 × 2, each with its locale's tag, screenshotted whole.
  const page = await browser.newPage({ viewport: { width: 7 * 400, height: 2 * 700 }, deviceScaleFactor: 1 });
  try {
    await page.setContent(
      '<!doctype html><body style="margin:0;background:#e6e8ee;display:grid;grid-template-columns:repeat(7,400px);font:600 16px system-ui"></body>',
    );
    await page.evaluate((all) => {
      for (const { locale, png } of all) {
        const figure = document.createElement('figure');
        figure.style.cssText = 'margin:0;padding:10px;text-align:center';
        const img = document.createElement('img');
        img.src = `data:image/png;base64,${png}`;
        img.style.cssText = 'width:380px;border-radius:12px;box-shadow:0 2px 8px rgb(0 0 0/25%)';
        const caption = document.createElement('figcaption');
        caption.textContent = locale;
        figure.append(caption, img);
        document.body.append(figure);
      }
    }, shots);
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    mkdirSync(dirname(output), { recursive: true });
    await page.screenshot({ path: output, fullPage: true });
  } finally {
    await page.close();
  }
}

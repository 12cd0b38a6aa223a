/**
 * The docs/screenshots/ set for `npm run screenshot`: the same realistic open chat on the real
 * stack (emulator + server + demo site) on a desktop in the light and the dark theme, on a phone
 * at 390 × 844 (the panel full screen) and in Arabic (right to left). In each: the visitor's
 * question, the agent's answer with a link, the visitor's follow-up marked "Read", the agent's
 * invoice as a PDF, the agent typing and a reply being written.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { Stack } from './harness/stack.ts';
import { makePdf } from './harness/files.ts';
import { catalogueOf, BROWSER_LANGUAGE, openPanelIn, startChatIn } from './harness/locales.ts';
import { conversationWith, EmulatorControl, widget } from './harness/visitor.ts';

interface Script {
  locale: string;
  name: string;
  question: string;
  answer: string;
  followUp: string;
  invoiceNote: string;
  draft: string;
}

const ENGLISH: Script = {
  locale: 'en',
  name: 'Ann',
  question: 'Where is my order #1234?',
  answer: 'It left our warehouse this morning: https://example.com/track/1234',
  followUp: 'Great! Could you send me the invoice too?',
  invoiceNote: 'Of course, here it is.',
  draft: 'Thank you, that was quick!',
};

const ARABIC: Script = {
  locale: 'ar',
  name: 'Layla',
  question: 'أين طلبي رقم 1234؟',
  answer: 'غادر طلبك مستودعنا صباح اليوم: https://example.com/track/1234',
  followUp: 'رائع! هل يمكنك إرسال الفاتورة أيضًا؟',
  invoiceNote: 'بالتأكيد، ها هي.',
  draft: 'شكرًا لك، كان ذلك سريعًا!',
};

interface Shot {
  file: string;
  script: Script;
  context: BrowserContextOptions;
}

const DESKTOP = { width: 1000, height: 760 };

export const SHOTS: Shot[] = [
  { file: 'desktop-light.png', script: ENGLISH, context: { viewport: DESKTOP, colorScheme: 'light' } },
  { file: 'desktop-dark.png', script: ENGLISH, context: { viewport: DESKTOP, colorScheme: 'dark' } },
  {
    file: 'mobile.png',
    script: ENGLISH,
    context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: 'light' },
  },
  { file: 'rtl-arabic.png', script: ARABIC, context: { viewport: DESKTOP, colorScheme: 'light' } },
];

async function playChat(page: Page, flex: EmulatorControl, script: Script): Promise<void> {
  const strings = await catalogueOf(script.locale);
  const chat = await openPanelIn(page, script.locale);
  await startChatIn(page, strings, { name: script.name, question: script.question });
  const log = chat.locator('.log');
  await log.getByText("I'm Alex").waitFor();
  const { sid } = await conversationWith(flex, script.question);
  await flex.agentSays(sid, script.answer);
  await log.getByText('example.com/track/1234').waitFor();
  const composer = chat.locator('#composer-input');
  await composer.fill(script.followUp);
  await composer.press('Enter');
  await log.getByText(script.followUp).waitFor();
  await flex.agentReads(sid);
  await chat.locator('.receipt').first().waitFor();
  await flex.agentSays(sid, script.invoiceNote, {
    filename: 'invoice-1234.pdf',
    contentType: 'application/pdf',
    bytes: makePdf('Invoice 1234'),
  });
  await log.locator('a.chip[href]').waitFor();
  await composer.fill(script.draft);
  await flex.agentTypes(sid);
  await chat.locator('.typing').filter({ hasText: /\S/ }).waitFor();
}

/** Takes every shot of SHOTS into `dir`; returns the files written. */
export async function screenshotSet(stack: Stack, browser: Browser, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const flex = new EmulatorControl(stack.emulator.url);
  const written: string[] = [];
  for (const shot of SHOTS) {
    const context = await browser.newContext({
      deviceScaleFactor: 1,
      locale: BROWSER_LANGUAGE[shot.script.locale],
      ...shot.context,
    });
    try {
      const page = await context.newPage();
      await page.goto(stack.hostUrl);
      await playChat(page, flex, shot.script);
      // Two frames: the log has followed the last message to the bottom.
      await widget(page)
        .locator('.log')
        .evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const path = join(dir, shot.file);
      await page.screenshot({ path });
      written.push(path);
    } finally {
      await context.close();
    }
  }
  return written;
}

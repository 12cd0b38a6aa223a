/**
 * `npm run screenshot`: pictures of the widget, taken in headless Chromium on the local stack
 * (emulator + server + demo site): a visitor's chat with the emulator's agent. Writes
 * docs/screenshots/: desktop-light.png (the README's), desktop-dark.png, mobile.png (390 × 844)
 * and rtl-arabic.png (scripts/screenshot-set.ts), and locales.png, the contact sheet of all 14
 * locales' open chat (scripts/screenshot-locales.ts). Needs a build (`npm run build`).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './harness/browser.ts';
import { startStack } from './harness/stack.ts';
import { localesContactSheet } from './screenshot-locales.ts';
import { screenshotSet } from './screenshot-set.ts';

const dir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const stack = await startStack({ emulator: { autoAgent: true, autoAgentDelayMs: 200 } });
const browser = await launchChromium();
try {
  for (const file of await screenshotSet(stack, browser, dir)) console.log(`Wrote ${file}`);
  const sheet = join(dir, 'locales.png');
  await localesContactSheet(stack, browser, sheet);
  console.log(`Wrote ${sheet}`);
} finally {
  await browser.close();
  await stack.close();
}

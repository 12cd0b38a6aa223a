/**
 * `npm run screenshot`: the README's picture of the widget, taken in headless Chromium on the
 * local stack (emulator + server + demo site): a visitor's chat with the emulator's agent.
 * Writes docs/screenshot.png, and the contact sheet of all 14 locales' open chat,
 * docs/screenshots/locales.png (scripts/screenshot-locales.ts). Needs a build (`npm run build`).
 */
import { fileURLToPath } from 'node:url';
import { launchChromium } from './harness/browser.ts';
import { startStack } from './harness/stack.ts';
import { EmulatorControl } from '../emulator/control-client.ts';
import { messageLog, openPanel, startChat } from './harness/visitor.ts';
import { localesContactSheet } from './screenshot-locales.ts';

const output = fileURLToPath(new URL('../docs/screenshot.png', import.meta.url));
const stack = await startStack({ emulator: { autoAgent: true, autoAgentDelayMs: 200 } });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 760 }, deviceScaleFactor: 1 });
  await page.goto(stack.hostUrl);
  const chat = await openPanel(page);
  await startChat(page, { name: 'Ann', email: 'ann@example.com', question: 'Where is my order #1234?' });
  await messageLog(page).getByText("Hi Ann, I'm Alex").waitFor();
  const flex = new EmulatorControl(stack.emulator.url);
  const { sid } = await flex.onlyConversation();
  await flex.agentReads(sid);
  await flex.agentSays(sid, 'It left our warehouse this morning: https://example.com/track/1234');
  await messageLog(page).getByText('left our warehouse').waitFor();
  await chat.getByLabel('Type a message').fill('Great, thank you!');
  await flex.agentTypes(sid);
  await chat.getByText('Alex is typing…').first().waitFor();
  await page.screenshot({ path: output });
  console.log(`Wrote ${output}`);
  await page.close();
  const sheet = fileURLToPath(new URL('../docs/screenshots/locales.png', import.meta.url));
  await localesContactSheet(stack, browser, sheet);
  console.log(`Wrote ${sheet}`);
} finally {
  await browser.close();
  await stack.close();
}

/**
 * `npm run screenshot`: the README's picture of the widget, taken in headless Chromium on the
 * local stack (emulator + server + demo site): a visitor's chat with the emulator's agent.
 * Writes docs/screenshot.png. Needs a build (`npm run build`).
 */
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/support/browser.ts';
import { startStack } from '../test/support/stack.ts';

const output = fileURLToPath(new URL('../docs/screenshot.png', import.meta.url));
const stack = await startStack({ emulator: { autoAgent: true, autoAgentDelayMs: 200 } });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 760 }, deviceScaleFactor: 1 });
  await page.goto(stack.hostUrl);
  await page.getByRole('button', { name: 'Open chat' }).click();
  const chat = page.frameLocator('iframe[title="Chat"]');
  await chat.getByLabel('Name').fill('Ann');
  await chat.getByLabel('Email').fill('ann@example.com');
  await chat.getByLabel('How can we help?').fill('Where is my order #1234?');
  await chat.getByRole('button', { name: 'Start chat' }).click();
  await chat.getByRole('log', { name: 'Messages' }).getByText("Hi Ann, I'm Alex").waitFor();
  const agent = 'agent.alex';
  const sid = ((await (await fetch(`${stack.emulator.url}/emulator/conversations`)).json()) as { sid: string }[])[0]!.sid;
  const control = (path: string, body: unknown) =>
    fetch(`${stack.emulator.url}/emulator/conversations/${sid}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  await control('read', { identity: agent });
  await control('messages', { author: agent, body: 'It left our warehouse this morning: https://example.com/track/1234' });
  await chat.getByRole('log', { name: 'Messages' }).getByText('left our warehouse').waitFor();
  await chat.getByLabel('Type a message').fill('Great, thank you!');
  await control('typing', { identity: agent });
  await chat.getByText('Alex is typing…').first().waitFor();
  await page.screenshot({ path: output });
  console.log(`Wrote ${output}`);
} finally {
  await browser.close();
  await stack.close();
}

/**
 * Widget benchmarks on the real stack, in headless Chromium: the demo host page (strict CSP) →
 * the loader → the widget with the real @twilio/conversations SDK → our server → the Flex
 * emulator (scripts/harness/stack.ts; dist/public must be built).
 *
 *   - click → form interactive: a fresh visitor clicks the launcher; until the form's fields and
 *     "Start chat" are there (iframe, widget entry chunk and CSS over HTTP, render).
 *   - form sent → conversation ready: "Start chat" clicked; until the question shows in the log
 *     with the composer enabled (/api/webchat/init, SDK chunk, Twilsock connect, first page).
 *   - a conversation with 1,000 messages (seeded through the emulator's control API): a returning
 *     visitor loads the page and clicks the launcher; until the latest message shows. Then JS heap
 *     (page + widget, after GC), and loading all 1,000 by scrolling to the top.
 *
 *   npx tsx scripts/bench/widget.ts
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { customerOf, messageLog, openPanel, startChat, widget } from '../harness/visitor.ts';
import { EmulatorControl } from '../../emulator/control-client.ts';
import { launchChromium } from '../harness/browser.ts';
import { startStack, type Stack } from '../harness/stack.ts';
import { round } from './stats.ts';

const RUNS = 7;
const LONG_RUNS = 3;
const HISTORY = 1000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.floor(sorted.length / 2)] ?? NaN);
}

/** JS heap in use by the page and its widget frame (one renderer process: same site), after GC, in MB. */
async function heapMb(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return round((metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024, 2);
}

async function clickToForm(browser: Browser, stack: Stack): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(stack.hostUrl);
  const launcher = page.getByRole('button', { name: 'Open chat' });
  await launcher.waitFor();
  const w = widget(page);
  const start = performance.now();
  await launcher.click();
  await w.getByRole('button', { name: 'Start chat' }).waitFor();
  await w.getByLabel('Name').waitFor();
  const ms = performance.now() - start;
  await context.close();
  return ms;
}

async function formToConversation(browser: Browser, stack: Stack, n: number): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(stack.hostUrl);
  await page.getByRole('button', { name: 'Open chat' }).click();
  const w = widget(page);
  await w.getByLabel('Name').fill('Bench');
  const question = `How fast is this? (${n})`;
  await w.getByLabel('How can we help?').fill(question);
  const start = performance.now();
  await w.getByRole('button', { name: 'Start chat' }).click();
  await messageLog(page).getByText(question).waitFor();
  await w.locator('#composer-input:not([disabled])').waitFor();
  const ms = performance.now() - start;
  await context.close();
  return ms;
}

/** A visitor with a conversation of `HISTORY` messages; returns the context holding its session. */
async function seededVisitor(
  browser: Browser,
  stack: Stack,
  flex: EmulatorControl,
): Promise<{ context: BrowserContext; last: string; first: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(stack.hostUrl);
  await openPanel(page);
  await startChat(page, { name: 'Long', question: 'A long story' });
  await messageLog(page).getByText('Welcome Long!', { exact: false }).waitFor();
  await page.close(); // seed without a live widget
  const sid = (await flex.conversations()).find(
    (c) => c.attributes && (c.attributes as { from?: string }).from === 'Long',
  )!.sid;
  const visitor = customerOf(await flex.conversation(sid)).identity;
  await flex.agentJoins(sid);
  const existing = (await flex.conversation(sid)).messageCount;
  for (let i = existing; i < HISTORY; i++) {
    await flex.agentSays(
      sid,
      `History ${i}: ${'lorem ipsum dolor sit amet '.repeat(1 + (i % 4))}`.trim(),
      undefined,
      i % 3 === 0 ? visitor : 'agent.alex',
    );
  }
  const messages = (await flex.conversation(sid)).messages;
  return { context, first: messages[0]!.body ?? '', last: messages.at(-1)!.body ?? '' };
}

async function openLong(context: BrowserContext, stack: Stack, last: string): Promise<{ ms: number; page: Page }> {
  const page = await context.newPage();
  const start = performance.now();
  await page.goto(stack.hostUrl);
  await page.getByRole('button', { name: /^Open chat/ }).click();
  await messageLog(page).getByText(last, { exact: true }).waitFor();
  return { ms: performance.now() - start, page };
}

/** Scrolls the log to the top until the very first message is there (older pages load on scroll). */
async function loadAll(page: Page, first: string): Promise<number> {
  const log = messageLog(page);
  const start = performance.now();
  while ((await log.getByText(first, { exact: true }).count()) === 0) {
    await log.evaluate((el) => {
      el.scrollTop = 0;
      el.dispatchEvent(new Event('scroll'));
    });
    await widget(page).getByText('Loading earlier messages…').waitFor({ state: 'hidden' });
  }
  return performance.now() - start;
}

export async function runWidgetBench(): Promise<Record<string, number>> {
  const [browser, stack] = await Promise.all([launchChromium(), startStack({ emulator: { autoAgent: false } })]);
  const flex = new EmulatorControl(stack.emulator.url);
  try {
    await clickToForm(browser, stack); // warm-up (server, Chromium)
    await formToConversation(browser, stack, 0);
    const form: number[] = [];
    const ready: number[] = [];
    for (let i = 1; i <= RUNS; i++) {
      form.push(await clickToForm(browser, stack));
      ready.push(await formToConversation(browser, stack, i));
    }

    const { context, first, last } = await seededVisitor(browser, stack, flex);
    const open: number[] = [];
    const heap: number[] = [];
    for (let i = 0; i < LONG_RUNS; i++) {
      const { ms, page } = await openLong(context, stack, last);
      open.push(ms);
      heap.push(await heapMb(context, page));
      await page.close();
    }
    const { page } = await openLong(context, stack, last);
    const allMs = await loadAll(page, first);
    const allHeap = await heapMb(context, page);
    const rendered = await messageLog(page).locator('.message').count();
    await context.close();

    return {
      'click → form interactive (ms, median)': median(form),
      'form sent → conversation ready (ms, median)': median(ready),
      'open a conversation with 1,000 messages: page load → click → latest shown (ms, median)': median(open),
      'JS heap, page + widget, 1,000-message conversation open (MB)': median(heap),
      [`load all 1,000 by scrolling to the top (ms; ${rendered} messages rendered)`]: round(allMs),
      'JS heap with all 1,000 messages rendered (MB)': allHeap,
    };
  } finally {
    await browser.close();
    await stack.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await runWidgetBench());
}

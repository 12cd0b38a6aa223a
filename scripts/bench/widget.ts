/**
 * Widget benchmarks on the real stack, in headless Chromium: the demo host page (strict CSP) →
 * the loader → the widget with the real @twilio/conversations SDK → our server → the Flex
 * emulator (scripts/harness/stack.ts; dist/public must be built). Every in-page figure comes
 * through the Chrome DevTools Protocol (scripts/bench/cdp.ts): real input, moments reported by a
 * MutationObserver through a CDP binding, long tasks from a trace, heap from Performance.getMetrics.
 *
 *   (click → form interactive, beside Twilio's Webchat React App: scripts/bench/click-to-form.ts)
 *   - form sent → conversation ready: "Start chat" clicked; until the question is confirmed in the
 *     log (its message SID) with the composer enabled (/api/webchat/init, SDK chunk, Twilsock
 *     connect, first page).
 *   - a conversation with 1,000 messages (seeded through the emulator's control API): a returning
 *     visitor loads the page and clicks the launcher; until the latest message is in the log (the
 *     REST preview of the latest messages, or the live view), and until the composer is enabled
 *     (the SDK connected). Then
 *     the JS heap (page + widget, after GC), and loading all 1,000 by scrolling up (mouse wheel
 *     events, one per frame) until the first message is in the log, with the long tasks on the
 *     renderer's main thread meanwhile, and the heap after.
 *
 *   npx tsx scripts/bench/widget.ts [form|long]
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { EmulatorControl } from '../../emulator/control-client.ts';
import { launchChromium } from '../harness/browser.ts';
import { startStack, type Stack } from '../harness/stack.ts';
import { now, PageProbe, spread } from './cdp.ts';

/** Runs per figure (BENCH_RUNS to change it): 9, the open figure being close to its goal. */
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const HISTORY = 1000;
const LAUNCHER = 'button[aria-label^="Open chat"]';
const FORM_READY = 'form.form button[type="submit"]:not([disabled])';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** "min / median / max" for a table cell. */
function cell(values: number[], digits = 1): string {
  const { min, median, max } = spread(values, digits);
  return `${median} (${min}–${max})`;
}

/** A fresh page on the host with `watches`; resolves once the launcher is there, with its centre. */
async function hostPage(
  browser: Browser,
  stack: Stack,
  watches: Parameters<typeof PageProbe.attach>[2],
): Promise<{ context: BrowserContext; probe: PageProbe; launcher: { x: number; y: number } }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const probe = await PageProbe.attach(context, page, [
    { name: 'launcher', selector: LAUNCHER, frame: 'top' },
    ...watches,
  ]);
  await probe.navigate(stack.hostUrl);
  await probe.signal('launcher');
  const launcher = await probe.evaluate<{ x: number; y: number }>(
    `(() => { const r = document.querySelector(${JSON.stringify(LAUNCHER)}).getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
  );
  return { context, probe, launcher };
}

/** Fills the form by real input (outside the measured window), clicks "Start chat"; until the conversation is ready. */
async function formToConversation(browser: Browser, stack: Stack, n: number): Promise<number> {
  const { context, probe, launcher } = await hostPage(browser, stack, [
    { name: 'form', selector: FORM_READY, frame: 'child' },
    { name: 'confirmed', selector: '.log .message[data-key^="IM"]', frame: 'child' },
    { name: 'composer', selector: '#composer-input:not([disabled])', frame: 'child' },
  ]);
  await probe.click(launcher.x, launcher.y);
  await probe.signal('form');
  const fields = await probe.evaluateInWidget<string[]>(
    `[...document.querySelectorAll('form.form input, form.form textarea')].filter((e) => e.required).map((e) => '#' + e.id)`,
  );
  for (const field of fields) {
    const at = await probe.widgetPoint(field);
    await probe.click(at.x, at.y);
    await probe.type(field.includes('friendlyName') ? 'Bench' : `How fast is this? (${n})`);
  }
  const submit = await probe.widgetPoint(FORM_READY);
  await sleep(200);
  const start = now();
  await probe.click(submit.x, submit.y);
  const [confirmed, composer] = await Promise.all([probe.signal('confirmed'), probe.signal('composer')]);
  await context.close();
  return Math.max(confirmed.at, composer.at) - start;
}

/** A visitor with a conversation of `HISTORY` messages; returns the context holding its session. */
export async function seededVisitor(
  browser: Browser,
  stack: Stack,
  flex: EmulatorControl,
): Promise<{ context: BrowserContext; firstSid: string; lastSid: string }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const probe = await PageProbe.attach(context, page, [
    { name: 'launcher', selector: LAUNCHER, frame: 'top' },
    { name: 'form', selector: FORM_READY, frame: 'child' },
    { name: 'composer', selector: '#composer-input:not([disabled])', frame: 'child' },
  ]);
  await probe.navigate(stack.hostUrl);
  await probe.signal('launcher');
  await probe.evaluate(`document.querySelector(${JSON.stringify(LAUNCHER)}).click()`);
  await probe.signal('form');
  await probe.evaluate(`window.FlexWebchat.setUser({ friendlyName: 'Long' }, { skipForm: true })`);
  await probe.signal('composer');
  await probe.close();
  await page.close(); // seed without a live widget
  const conversation = (await flex.conversations()).find(
    (c) => c.attributes && (c.attributes as { from?: string }).from === 'Long',
  );
  if (!conversation) throw new Error('the seeded conversation was not found');
  const sid = conversation.sid;
  const detail = await flex.conversation(sid);
  const visitor = detail.participants.find((p) => p.role === 'customer')?.identity;
  if (!visitor) throw new Error('the seeded conversation has no visitor');
  await flex.agentJoins(sid);
  for (let i = (await flex.conversation(sid)).messageCount; i < HISTORY; i++) {
    await flex.agentSays(
      sid,
      `History ${i}: ${'lorem ipsum dolor sit amet '.repeat(1 + (i % 4))}`.trim(),
      undefined,
      i % 3 === 0 ? visitor : 'agent.alex',
    );
  }
  const messages = (await flex.conversation(sid)).messages;
  return { context, firstSid: messages[0]!.sid, lastSid: messages.at(-1)!.sid };
}

export interface LongRun {
  openMs: number;
  /** Page load → click → the composer enabled (the live conversation: the SDK connected). */
  liveMs: number;
  openHeapMb: number;
  allMs: number;
  allHeapMb: number;
  longestTaskMs: number;
  longTasks: number;
  rendered: number;
}

/** Page load → click → latest shown; then scroll up until the first message is there. */
export async function longConversation(
  context: BrowserContext,
  stack: Stack,
  firstSid: string,
  lastSid: string,
): Promise<LongRun> {
  const page = await context.newPage();
  const probe = await PageProbe.attach(context, page, [
    { name: 'launcher', selector: LAUNCHER, frame: 'top' },
    { name: 'latest', selector: `.message[data-key="${lastSid}"]`, frame: 'child' },
    { name: 'live', selector: '#composer-input:not([disabled])', frame: 'child' },
    { name: 'first', selector: `.message[data-key="${firstSid}"]`, frame: 'child' },
  ]);
  const start = now();
  await probe.navigate(stack.hostUrl);
  const launcher = await probe.signal('launcher');
  await probe.click(launcher.x, launcher.y);
  const latest = await probe.signal('latest');
  const openMs = latest.at - start;
  const liveMs = (await probe.signal('live')).at - start;
  await sleep(500);
  const openHeapMb = (await probe.heapUsed()) / 1024 / 1024;

  const log = await probe.widgetPoint('.log');
  let firstAt = 0;
  const tasks = await probe.mainThreadTasks(async () => {
    const scrollStart = now();
    let done = false;
    void probe.signal('first', 60_000).then((s) => {
      firstAt = s.at - scrollStart;
      done = true;
    });
    while (!done) {
      await probe.wheel(log.x, log.y, -2400);
      await sleep(16);
    }
  });
  await sleep(500);
  const allHeapMb = (await probe.heapUsed()) / 1024 / 1024;
  const rendered = await probe.evaluateInWidget<number>(`document.querySelectorAll('.log .message').length`);
  await probe.close();
  await page.close();
  return {
    openMs,
    liveMs,
    openHeapMb,
    allMs: firstAt,
    allHeapMb,
    longestTaskMs: Math.max(0, ...tasks),
    longTasks: tasks.filter((ms) => ms > 50).length,
    rendered,
  };
}

/**
 * `parts`: which figures ('form': form sent → conversation ready; 'long': the 1,000-message
 * conversation); all by default. `npx tsx scripts/bench/widget.ts long` runs one part.
 */
export async function runWidgetBench(
  parts: readonly ('form' | 'long')[] = ['form', 'long'],
): Promise<Record<string, number | string>> {
  const [browser, stack] = await Promise.all([launchChromium(), startStack({ emulator: { autoAgent: false } })]);
  const flex = new EmulatorControl(stack.emulator.url);
  try {
    const results: Record<string, number | string> = {};
    await formToConversation(browser, stack, -1); // warm-up (server, Chromium)
    if (parts.includes('form')) {
      const ready: number[] = [];
      for (let i = 0; i < RUNS; i++) ready.push(await formToConversation(browser, stack, i));
      results['form sent → conversation ready (ms)'] = cell(ready);
    }
    if (parts.includes('long')) await longFigures(browser, stack, flex, results);
    return results;
  } finally {
    await browser.close();
    await stack.close();
  }
}

async function longFigures(
  browser: Browser,
  stack: Stack,
  flex: EmulatorControl,
  results: Record<string, number | string>,
): Promise<void> {
  const { context, firstSid, lastSid } = await seededVisitor(browser, stack, flex);
  const runs: LongRun[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await longConversation(context, stack, firstSid, lastSid));
  await context.close();
  const of = (key: keyof LongRun, digits = 1): string =>
    cell(
      runs.map((r) => r[key]),
      digits,
    );
  results['open a conversation with 1,000 messages: page load → click → latest shown (ms)'] = of('openMs');
  results['… until the composer is enabled (the SDK connected: the live view) (ms)'] = of('liveMs');
  results['JS heap, page + widget, 1,000-message conversation open (MB)'] = of('openHeapMb', 2);
  results['load all 1,000 by scrolling up: until the first message is in the log (ms)'] = of('allMs');
  results['JS heap, page + widget, all 1,000 loaded (MB)'] = of('allHeapMb', 2);
  results['longest main-thread task while scrolling (ms)'] = of('longestTaskMs');
  results['tasks > 50 ms while scrolling'] = of('longTasks', 0);
  results['messages in the log after scrolling'] = of('rendered', 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const parts = process.argv.slice(2).filter((a): a is 'form' | 'long' => a === 'form' || a === 'long');
  console.log(await runWidgetBench(parts.length > 0 ? parts : undefined));
}

/**
 * Widget benchmarks in headless Chromium: panel load → form interactive, form sent →
 * conversation ready, and opening a conversation with 1,000 messages (time and JS heap).
 *
 * STAND-IN: until the emulator (emulator/index.ts) and the server's /widget route are
 * integrated, this runs the built widget (dist/public) on the widget test server with the
 * scripted in-page back end, so it measures the widget's own cost (render, chunk loading,
 * SDK-free paths), not network or SDK connect time. The lead swaps `startStack` for
 * startEmulator + the server app when both are on main.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../test/widget/support/browser.ts';
import { startWidgetServer, type WidgetTestServer } from '../../test/widget/support/widget-server.ts';

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 10) / 10;
}

async function heapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

async function formInteractive(browser: Browser, server: WidgetTestServer): Promise<number> {
  const page = await browser.newPage();
  const start = Date.now();
  await page.goto(`${server.url}/widget`);
  await page.getByRole('button', { name: 'Start chat' }).waitFor();
  await page.getByLabel('Name').waitFor();
  const ms = Date.now() - start;
  await page.close();
  return ms;
}

async function conversationReady(browser: Browser, server: WidgetTestServer): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/widget`);
  await page.getByLabel('Name').fill('Bench');
  await page.getByLabel('How can we help?').fill('How fast is this?');
  const start = Date.now();
  await page.getByRole('button', { name: 'Start chat' }).click();
  await page.getByRole('textbox', { name: 'Type a message' }).waitFor();
  const ms = Date.now() - start;
  await context.close();
  return ms;
}

async function openLongConversation(browser: Browser, server: WidgetTestServer): Promise<{ ms: number; heapMb: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const session = JSON.stringify({ token: 't', identity: 'bench-visitor', conversationSid: 'CH0', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
  await page.addInitScript(`window.__scriptedSeed = 1000; localStorage.setItem('flex-webchat:session', ${JSON.stringify(session)});`);
  const start = Date.now();
  await page.goto(`${server.url}/widget`);
  await page.getByRole('log', { name: 'Messages' }).getByText('History 999', { exact: true }).waitFor();
  const ms = Date.now() - start;
  const heap = await heapUsed(page);
  await context.close();
  return { ms, heapMb: Math.round((heap / 1024 / 1024) * 100) / 100 };
}

export async function runWidgetBench(): Promise<Record<string, number>> {
  const [browser, server] = await Promise.all([launchChromium(), startWidgetServer({ scripted: true })]);
  try {
    await formInteractive(browser, server); // warm-up
    const form: number[] = [];
    const ready: number[] = [];
    const long: number[] = [];
    const heap: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      form.push(await formInteractive(browser, server));
      ready.push(await conversationReady(browser, server));
      const r = await openLongConversation(browser, server);
      long.push(r.ms);
      heap.push(r.heapMb);
    }
    return {
      'widget load → form interactive (ms, median, scripted back end)': median(form),
      'form sent → conversation ready (ms, median, scripted back end)': median(ready),
      'open a conversation with 1,000 messages (ms, median, scripted back end)': median(long),
      'JS heap after opening 1,000 messages (MB)': median(heap),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await runWidgetBench());
}

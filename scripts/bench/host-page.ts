/**
 * Host-page cost of the chat, measured in headless Chromium the same way for
 *   (a) a blank page, (b) the page with our loader, (c) after opening the chat:
 * requests, bytes transferred, total blocking time (long tasks from a PerformanceObserver, in
 * every frame) and JS heap used (CDP Performance.getMetrics, per process: page + widget frame).
 *
 * It serves dist/public when the real widget is built there (dist/public/widget.html), otherwise
 * the loader built fresh with the test fixture widget (and says so).
 *
 *   npx tsx scripts/bench/host-page.ts
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import {
  fixturePublicDir,
  hostHtml,
  launchChromium,
  nodeAssets,
  startChatServer,
  startHostServer,
  strictHostCsp,
} from '../../test/loader/support.ts';

interface Figures {
  requests: number;
  bytes: number;
  totalBlockingTimeMs: number;
  jsHeapUsedBytes: number;
}

const LONG_TASKS = () => {
  const w = window as unknown as { __longTasks: number[] };
  w.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long-task support: nothing recorded
  }
};

async function blockingTime(frames: Frame[]): Promise<number> {
  let total = 0;
  for (const frame of frames) {
    const tasks = await frame.evaluate(() => (window as unknown as { __longTasks?: number[] }).__longTasks ?? []).catch(() => []);
    for (const duration of tasks) total += Math.max(0, duration - 50);
  }
  return total;
}

async function heapUsed(context: BrowserContext, page: Page): Promise<number> {
  let total = 0;
  const targets: Array<Page | Frame> = [page, ...page.frames().slice(1)];
  for (const target of targets) {
    try {
      const session = await context.newCDPSession(target);
      await session.send('Performance.enable');
      await session.send('HeapProfiler.collectGarbage');
      const { metrics } = await session.send('Performance.getMetrics');
      total += metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      await session.detach();
    } catch {
      // a same-process frame has no session of its own: counted with its page
    }
  }
  return total;
}

export async function runHostPageBench(): Promise<Record<string, number>> {
  const distPublic = fileURLToPath(new URL('../../dist/public', import.meta.url));
  const realWidget = existsSync(`${distPublic}/widget.html`) && existsSync(`${distPublic}/loader.js`);
  const fixture = realWidget ? undefined : await fixturePublicDir();
  const host = await startHostServer();
  const server = await startChatServer({ allowedOrigins: [host.origin], assets: nodeAssets(realWidget ? distPublic : fixture!.dir) });
  const csp = { 'Content-Security-Policy': strictHostCsp(server.origin) };
  host.set('/blank.html', { body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body><h1>A host page</h1></body></html>', headers: csp });
  host.set('/loader.html', { body: hostHtml(server.origin), headers: csp });
  const browser = await launchChromium();
  const results: Record<string, number> = {};

  async function measure(name: string, path: string, openChat: boolean): Promise<void> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(LONG_TASKS);
    const page = await context.newPage();
    const requests: Array<Promise<number>> = [];
    page.on('requestfinished', (request) =>
      requests.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize).catch(() => 0)),
    );
    await page.goto(`${host.origin}${path}`, { waitUntil: 'load' });
    // The same (main-world) wait on every page, so the harness costs the same everywhere.
    await page.waitForFunction((blank) => blank || document.querySelector('button[aria-label="Open chat"]') !== null, path === '/blank.html');
    if (openChat) {
      await page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            const api = (window as unknown as { FlexWebchat: { on(e: string, h: () => void): void; open(): void } }).FlexWebchat;
            api.on('ready', () => resolve());
            api.open();
          }),
      );
    }
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })));
    const figures: Figures = {
      requests: requests.length,
      bytes: (await Promise.all(requests)).reduce((a, b) => a + b, 0),
      totalBlockingTimeMs: Math.round(await blockingTime(page.frames())),
      jsHeapUsedBytes: Math.round(await heapUsed(context, page)),
    };
    for (const [key, value] of Object.entries(figures)) results[`hostPage.${name}.${key}`] = value;
    await context.close();
  }

  try {
    await measure('blank', '/blank.html', false);
    await measure('withLoader', '/loader.html', false);
    await measure('chatOpen', '/loader.html', true);
    results['hostPage.realWidget'] = realWidget ? 1 : 0;
  } finally {
    await browser.close();
    await server.close();
    await host.close();
    await fixture?.cleanup();
  }
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = await runHostPageBench();
  const widget = results['hostPage.realWidget'] ? 'real widget (dist/public)' : 'fixture widget (the real widget is not built yet)';
  console.log(`Host page, headless Chromium, ${widget}`);
  console.log('| page | requests | bytes transferred | total blocking time (ms) | JS heap used (KB) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, label] of [['blank', '(a) blank page'], ['withLoader', '(b) with the loader'], ['chatOpen', '(c) chat opened']] as const) {
    const r = (k: string) => results[`hostPage.${name}.${k}`] ?? 0;
    console.log(`| ${label} | ${r('requests')} | ${r('bytes')} | ${r('totalBlockingTimeMs')} | ${Math.round(r('jsHeapUsedBytes') / 1024)} |`);
  }
}

/**
 * What the chat costs a host page, measured in headless Chromium on the real stack (the Flex
 * emulator, our server serving the built dist/public with the real widget, a host site on another
 * origin under the strict host CSP), the same way for
 *   (a) a blank page, (b) the same page with our loader, (c) after opening the chat (the widget
 *   says `ready`), and, for scale, (d) after starting a conversation (setUser … skipForm; the
 *   SDK chunk loaded and connected to the conversation):
 * requests and bytes transferred (every frame: response headers + encoded body, plus WebSocket
 * frames), total blocking time (long tasks over 50 ms, from a PerformanceObserver in every frame,
 * from navigation to the end) and JS heap used (CDP Performance.getMetrics after a GC, summed over
 * the page's process and the widget frame's), once the network is quiet. Each figure is the median
 * of RUNS fresh contexts.
 *
 *   npx tsx scripts/bench/host-page.ts      (needs `npm run build` first)
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { serve } from '@hono/node-server';
import { startEmulator, serverEnvFor } from '../../emulator/index.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { nodeAssets } from '../../server/embed/node-assets.ts';
import { demoCsp, demoPage } from '../demo-host.ts';
import { startHostServer } from '../harness/host-site.ts';
import { launchChromium } from '../harness/browser.ts';

const RUNS = 3;
const QUIET_MS = 500;
const PUBLIC_DIR = fileURLToPath(new URL('../../dist/public', import.meta.url));

type Scenario = 'blank' | 'withLoader' | 'chatOpen' | 'chatStarted';
const SCENARIOS: [Scenario, string][] = [
  ['blank', '(a) blank page'],
  ['withLoader', '(b) with the loader'],
  ['chatOpen', '(c) chat opened'],
  ['chatStarted', '(d) conversation started'],
];

interface Figures {
  requests: number;
  bytes: number;
  totalBlockingTimeMs: number;
  jsHeapUsedBytes: number;
}

/** In every frame, before any of its scripts: collect long tasks. */
const LONG_TASKS = (): void => {
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
    const tasks = await frame
      .evaluate(() => (window as unknown as { __longTasks?: number[] }).__longTasks ?? [])
      .catch(() => []);
    for (const duration of tasks) total += Math.max(0, duration - 50);
  }
  return total;
}

/** JS heap after a GC, per renderer: the page's, and the widget frame's (another site, so another process). */
async function heapUsed(context: BrowserContext, page: Page): Promise<number> {
  let total = 0;
  for (const target of [page, ...page.frames().slice(1)]) {
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

/** The host page's FlexWebchat events, from its first moment (the documented pre-load queue). */
const RECORD_EVENTS = (): void => {
  if (window !== window.top) return;
  const w = window as unknown as { __events: string[]; FlexWebchat?: unknown[] };
  w.__events = [];
  const queue = (w.FlexWebchat ??= []);
  for (const name of ['ready', 'unreadChange']) queue.push(['on', name, () => w.__events.push(name)]);
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function runHostPageBench(): Promise<Record<string, number>> {
  if (!existsSync(`${PUBLIC_DIR}/widget.html`) || !existsSync(`${PUBLIC_DIR}/loader.js`)) {
    throw new Error('dist/public is not built: run `npm run build` first.');
  }
  const emulator = await startEmulator({ autoAgent: false });
  const host = await startHostServer();
  const config = loadConfig({
    ...serverEnvFor(emulator),
    ALLOWED_ORIGINS: host.origin,
    RATE_LIMIT_INIT_PER_MINUTE: '1000',
    RATE_LIMIT_TOKEN_PER_MINUTE: '1000',
  });
  const app = createApp({
    config,
    clientAddress: () => '127.0.0.1',
    assets: nodeAssets(PUBLIC_DIR),
    log: () => undefined,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const serverOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The demo site's page (the one `npm start` serves), with and without the one-line snippet.
  const headers = { 'Content-Security-Policy': demoCsp(serverOrigin) };
  const withLoader = demoPage({ serverOrigin, agentConsoleUrl: `${emulator.url}/agent`, port: 0 });
  const snippet = `<script src="${serverOrigin}/loader.js" async></script>`;
  if (!withLoader.includes(snippet)) throw new Error('the demo page no longer carries the snippet as expected');
  host.set('/loader.html', { body: withLoader, headers });
  host.set('/blank.html', { body: withLoader.replace(snippet, ''), headers });
  host.set('/style.css', {
    body: 'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}',
    contentType: 'text/css; charset=utf-8',
    headers,
  });

  const browser: Browser = await launchChromium();

  async function measure(scenario: Scenario): Promise<Figures> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(LONG_TASKS);
    await context.addInitScript(RECORD_EVENTS);
    const page = await context.newPage();
    const sizes: Promise<number>[] = [];
    page.on('requestfinished', (request) =>
      sizes.push(
        request
          .sizes()
          .then((s) => s.responseBodySize + s.responseHeadersSize)
          .catch(() => 0),
      ),
    );
    // Network quiet: nothing in flight for QUIET_MS (what opening the chat starts, e.g. the widget's
    // modulepreloads, belongs to the figure).
    let inFlight = 0;
    let lastActivity = Date.now();
    page.on('request', () => void ((inFlight += 1), (lastActivity = Date.now())));
    const settled = (): void => void ((inFlight -= 1), (lastActivity = Date.now()));
    page.on('requestfinished', settled);
    page.on('requestfailed', settled);
    const networkQuiet = async (): Promise<void> => {
      while (inFlight > 0 || Date.now() - lastActivity < QUIET_MS)
        await new Promise((resolve) => setTimeout(resolve, 50));
    };
    let socketBytes = 0;
    page.on('websocket', (socket) => {
      const count = ({ payload }: { payload: string | Buffer }): void =>
        void (socketBytes += Buffer.byteLength(payload));
      socket.on('framereceived', count);
      socket.on('framesent', count);
    });

    // The harness acts only in the page's main world (no locators: their injected helper would weigh
    // on the measured heap), and waits the same way on every page.
    const blank = scenario === 'blank';
    await page.goto(`${host.origin}/${blank ? 'blank' : 'loader'}.html`, { waitUntil: 'load' });
    await page.waitForFunction((b) => b || document.querySelector('button[aria-label="Open chat"]') !== null, blank);
    const seen = (name: string) =>
      page.waitForFunction((n) => (window as unknown as { __events: string[] }).__events.includes(n), name, {
        timeout: 30000,
      });
    if (scenario === 'chatOpen' || scenario === 'chatStarted') {
      await page.evaluate(() => document.querySelector<HTMLButtonElement>('button[aria-label="Open chat"]')!.click());
      await seen('ready');
    }
    if (scenario === 'chatStarted') {
      await page.evaluate(() =>
        (window as unknown as { FlexWebchat: { setUser(u: object, o: object): void } }).FlexWebchat.setUser(
          { friendlyName: 'Bench' },
          { skipForm: true },
        ),
      );
      // The widget reports its unread count once the SDK is connected to the conversation.
      await seen('unreadChange');
    }
    // Let whatever the page started settle, the same way for every scenario.
    await networkQuiet();
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })));
    const figures: Figures = {
      requests: sizes.length,
      bytes: (await Promise.all(sizes)).reduce((a, b) => a + b, 0) + socketBytes,
      totalBlockingTimeMs: Math.round(await blockingTime(page.frames())),
      jsHeapUsedBytes: Math.round(await heapUsed(context, page)),
    };
    await context.close();
    return figures;
  }

  const results: Record<string, number> = {};
  try {
    for (const [scenario, label] of SCENARIOS) {
      const runs: Figures[] = [];
      for (let i = 0; i < RUNS; i += 1) runs.push(await measure(scenario));
      const m = (key: keyof Figures) => median(runs.map((r) => r[key]));
      results[resultKey(label, 'requests')] = m('requests');
      results[resultKey(label, 'bytes')] = m('bytes');
      results[resultKey(label, 'totalBlockingTimeMs')] = m('totalBlockingTimeMs');
      results[resultKey(label, 'jsHeapUsedBytes')] = Math.round(m('jsHeapUsedBytes') / 1024);
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      server.close(() => resolve());
    });
    await host.close();
    await emulator.close();
  }
  return results;
}

const MEASURES = {
  requests: 'requests',
  bytes: 'bytes transferred',
  totalBlockingTimeMs: 'total blocking time (ms)',
  jsHeapUsedBytes: 'JS heap used (KB)',
} as const;

const resultKey = (label: string, key: keyof typeof MEASURES): string => `${label}: ${MEASURES[key]}`;

/** The figures as a Markdown table. */
export function hostPageTable(results: Record<string, number>): string {
  const lines = [
    '| page | requests | bytes transferred | total blocking time (ms) | JS heap used (KB) |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const [, label] of SCENARIOS) {
    const r = (k: keyof typeof MEASURES): number => results[resultKey(label, k)] ?? 0;
    lines.push(
      `| ${label} | ${r('requests')} | ${r('bytes')} | ${r('totalBlockingTimeMs')} | ${r('jsHeapUsedBytes')} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = await runHostPageBench();
  console.log(`Host page on the real stack, headless Chromium, median of ${RUNS} runs`);
  console.log(hostPageTable(results));
}

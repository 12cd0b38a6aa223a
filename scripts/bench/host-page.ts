/**
 * What the chat costs a host page, in headless Chromium on the real stack (the Flex emulator, our
 * server serving the built dist/public, the demo host page on another origin of the same site under
 * its strict CSP; scripts/harness/stack.ts), measured the same way for
 *   (a) the page without the snippet, (b) with our loader, untouched, (c) after a click on the
 *   launcher, until the form is interactive, (d) after starting a conversation (the host calls
 *   `FlexWebchat.setUser(…, { skipForm: true })`; until the composer is enabled: the SDK chunk
 *   loaded and connected), and, beside them, Twilio's Webchat React App on the same page
 *   (scripts/bench/bench-pages.ts): (b) with their widget, untouched, (c) after a click on their
 *   launcher, until their form's "Start chat" is there,
 * each at 1× and 4× CPU throttling, in fresh browser contexts, RUNS times, the pages interleaved.
 *
 * Every figure through the Chrome DevTools Protocol (scripts/bench/cdp.ts), nothing polling in the
 * page: requests and bytes from the Network domain's events (encoded bytes as on the wire, headers
 * included, plus WebSocket frames); total blocking time from a trace of the renderer's main thread
 * from navigation until the network has been quiet for QUIET_MS (tasks beyond 50 ms, summed);
 * JS heap used after a forced GC (HeapProfiler.collectGarbage, Performance.getMetrics) at that
 * point. Moments (launcher, form, composer) come from a MutationObserver in an isolated world
 * through a CDP binding; the click is real input (Input.dispatchMouseEvent).
 *
 *   npx tsx scripts/bench/host-page.ts      (needs `npm run build` first)
 */
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../harness/browser.ts';
import { startStack, type Stack } from '../harness/stack.ts';
import { startBenchPages, type BenchPages } from './bench-pages.ts';
import { blockingTime, PageProbe, spread, type Watch } from './cdp.ts';
import { THEIRS_HOW_TO_BUILD } from './theirs-app.ts';

const RUNS = 5;
const THROTTLES = [1, 4] as const;
const QUIET_MS = 500;
/** A visitor's pause between the launcher appearing and the click. */
const BEFORE_CLICK_MS = 300;

export const OUR_LAUNCHER = 'button[aria-label^="Open chat"]';
export const OUR_FORM = 'form.form button[type="submit"]:not([disabled])';
export const THEIR_LAUNCHER = 'button[data-test="entry-point-button"]';
export const THEIR_FORM = 'button[data-test="pre-engagement-start-chat-button"]';

interface Scenario {
  label: string;
  url: (stack: Stack, pages: BenchPages) => string | null;
  /** The launcher to click, and what shows the chat is open. */
  open?: { launcher: Watch; form: Watch };
  /** Start a conversation once the form is there. */
  start?: boolean;
}

const SCENARIOS: Scenario[] = [
  { label: '(a) blank page', url: (_, pages) => pages.blankUrl },
  { label: '(b) with the loader', url: (stack) => stack.hostUrl },
  {
    label: '(c) chat opened',
    url: (stack) => stack.hostUrl,
    open: {
      launcher: { name: 'launcher', selector: OUR_LAUNCHER, frame: 'top' },
      form: { name: 'form', selector: OUR_FORM, frame: 'child' },
    },
  },
  {
    label: '(d) conversation started',
    url: (stack) => stack.hostUrl,
    open: {
      launcher: { name: 'launcher', selector: OUR_LAUNCHER, frame: 'top' },
      form: { name: 'form', selector: OUR_FORM, frame: 'child' },
    },
    start: true,
  },
  { label: 'theirs (b): with their widget', url: (_, pages) => pages.theirsUrl },
  {
    label: 'theirs (c): chat opened',
    url: (_, pages) => pages.theirsUrl,
    open: {
      launcher: { name: 'launcher', selector: THEIR_LAUNCHER, frame: 'top' },
      form: { name: 'form', selector: THEIR_FORM, frame: 'top' },
    },
  },
];

interface Figures {
  requests: number;
  bytes: number;
  blockingMs: number;
  heapKb: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(browser: Browser, url: string, scenario: Scenario, throttle: number): Promise<Figures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const watches: Watch[] = scenario.open ? [scenario.open.launcher, scenario.open.form] : [];
  if (scenario.start) watches.push({ name: 'composer', selector: '#composer-input:not([disabled])', frame: 'child' });
  const probe = await PageProbe.attach(context, page, watches);
  const network = await probe.countNetwork();
  await probe.throttle(throttle);
  const tasks = await probe.mainThreadTasks(async () => {
    const loaded = probe.nextLoad();
    await probe.navigate(url);
    await loaded;
    if (scenario.open) {
      const launcher = await probe.signal('launcher');
      await sleep(BEFORE_CLICK_MS);
      await probe.click(launcher.x, launcher.y);
      await probe.signal('form');
    }
    if (scenario.start) {
      // The host page's own call, as a site that knows its visitor makes it.
      await probe.evaluate(`window.FlexWebchat.setUser({ friendlyName: 'Bench' }, { skipForm: true })`);
      await probe.signal('composer');
    }
    await network.quiet(QUIET_MS);
  });
  const heap = await probe.heapUsed();
  await context.close();
  return {
    requests: network.requests,
    bytes: network.bytes,
    blockingMs: blockingTime(tasks),
    heapKb: Math.round(heap / 1024),
  };
}

const MEASURES: [keyof Figures, string, number][] = [
  ['requests', 'requests', 0],
  ['bytes', 'bytes transferred', 0],
  ['blockingMs', 'total blocking time (ms)', 0],
  ['heapKb', 'JS heap used (KB)', 0],
];

const rowLabel = (scenario: Scenario, throttle: number): string => `${scenario.label}, ${throttle}× CPU`;
const key = (row: string, measure: string): string => `${row}: ${measure}`;

/** "median (min–max)". */
function cell(values: number[], digits: number): string {
  const { min, median, max } = spread(values, digits);
  return min === max ? `${median}` : `${median} (${min}–${max})`;
}

export async function runHostPageBench(): Promise<Record<string, string>> {
  const [browser, stack] = await Promise.all([launchChromium(), startStack({ emulator: { autoAgent: false } })]);
  const pages = await startBenchPages(stack);
  const results: Record<string, string> = {};
  try {
    if (!pages.theirsUrl) {
      results.theirs = `not built (run \`${THEIRS_HOW_TO_BUILD}\`)`;
      console.log(`theirs: ${results.theirs}`);
    }
    const cases = SCENARIOS.flatMap((scenario) =>
      THROTTLES.map((throttle) => ({ scenario, throttle, url: scenario.url(stack, pages) })),
    ).filter((c): c is typeof c & { url: string } => c.url !== null);
    await measure(browser, stack.hostUrl, SCENARIOS[2]!, 1); // warm-up (server, Chromium)
    const runs = new Map<string, Figures[]>();
    for (let i = 0; i < RUNS; i++) {
      for (const { scenario, throttle, url } of cases) {
        const row = rowLabel(scenario, throttle);
        runs.set(row, [...(runs.get(row) ?? []), await measure(browser, url, scenario, throttle)]);
      }
    }
    for (const [row, figures] of runs) {
      for (const [field, name, digits] of MEASURES)
        results[key(row, name)] = cell(
          figures.map((f) => f[field]),
          digits,
        );
    }
  } finally {
    await pages.close();
    await browser.close();
    await stack.close();
  }
  return results;
}

/** The figures as a Markdown table: a row per page and throttle, median (min–max) of the runs. */
export function hostPageTable(results: Record<string, number | string>): string {
  const lines = [
    `| page | ${MEASURES.map(([, name]) => name).join(' | ')} |`,
    `| --- | ${MEASURES.map(() => '---:').join(' | ')} |`,
  ];
  for (const scenario of SCENARIOS) {
    for (const throttle of THROTTLES) {
      const row = rowLabel(scenario, throttle);
      if (results[key(row, MEASURES[0]![1])] === undefined) continue;
      lines.push(`| ${row} | ${MEASURES.map(([, name]) => results[key(row, name)]).join(' | ')} |`);
    }
  }
  if (results.theirs) lines.push('', `Theirs: ${results.theirs}.`);
  lines.push('', `Median (min–max) of ${RUNS} runs each, the pages interleaved.`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(hostPageTable(await runHostPageBench()));
}

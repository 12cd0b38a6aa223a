/**
 * Click → form interactive, ours beside Twilio's Webchat React App, in the same run (issue 15 §2),
 * in headless Chromium: a fresh visitor (a new browser context) on the host page clicks the
 * launcher; until the form's "Start chat" is in the DOM (ours: enabled, in the widget's iframe, whose
 * document, entry chunk and CSS load after the click unless a sign of intent warmed them up;
 * theirs: rendered in the page by their bundle, loaded up front). At 1× and 4× CPU throttling,
 * without and with a hover HOVER_LEAD_MS before the click, RUNS times each, interleaved (ours,
 * theirs, ours, theirs…).
 *
 * Through the Chrome DevTools Protocol only (scripts/bench/cdp.ts): the page is loaded and left
 * idle, the throttle set, then real input (Input.dispatchMouseEvent: a move onto the launcher for
 * the hover, then move/press/release). From the press (the `mousedown` event's time stamp, on the
 * page's clock) until the form is there, as a MutationObserver in an isolated world sees it, told
 * through a CDP binding: "in the DOM" at that moment, "painted" at the end of the next rendering
 * update (a message posted from the next animation frame). Ours: the form ready in the widget's
 * frame and that frame shown (after a hover the form is already there, hidden); theirs: their
 * form's "Start chat" rendered. The launcher's position is read before the throttle, outside the
 * measured window.
 *
 *   npx tsx scripts/bench/click-to-form.ts      (needs `npm run build`; theirs: scripts/bench/theirs-app.ts)
 */
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../harness/browser.ts';
import { startStack } from '../harness/stack.ts';
import { startBenchPages } from './bench-pages.ts';
import { PageProbe, spread, type Watch } from './cdp.ts';
import { OUR_FORM, OUR_LAUNCHER, THEIR_FORM, THEIR_LAUNCHER } from './host-page.ts';
import { THEIRS_HOW_TO_BUILD } from './theirs-app.ts';

/** Runs per contender, throttle and hover: 9, ours and theirs being close at 4×. */
const RUNS = 9;
const THROTTLES = [1, 4] as const;
/** The goal's bound: a hover at least 100 ms before the click. */
export const HOVER_LEAD_MS = 100;

interface Contender {
  name: 'ours' | 'theirs';
  url: string;
  launcher: string;
  /** What must all have happened for the form to be there (each also reported once painted). */
  ends: Watch[];
}

interface Run {
  /** Press → the form in the DOM (ms). */
  dom: number;
  /** Press → the end of the first rendering update after that (ms). */
  painted: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function clickToForm(browser: Browser, contender: Contender, throttle: number, hover: boolean): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const probe = await PageProbe.attach(context, page, [
    { name: 'launcher', selector: contender.launcher, frame: 'top' },
    ...contender.ends,
  ]);
  await probe.navigate(contender.url);
  await probe.signal('launcher');
  const launcher = await probe.evaluate<{ x: number; y: number }>(
    `(() => { const r = document.querySelector(${JSON.stringify(contender.launcher)}).getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
  );
  await sleep(200); // let the page go idle
  await probe.throttle(throttle);
  if (hover) {
    await probe.hover(launcher.x, launcher.y);
    await sleep(HOVER_LEAD_MS);
  }
  await probe.click(launcher.x, launcher.y);
  const press = await probe.signal('mousedown');
  const last = async (suffix: string): Promise<number> =>
    Math.max(
      ...(await Promise.all(contender.ends.map((end) => probe.signal(`${end.name}${suffix}`)))).map((s) => s.at),
    );
  const run = { dom: (await last('')) - press.at, painted: (await last(':painted')) - press.at };
  await context.close();
  return run;
}

const label = (throttle: number, hover: boolean): string =>
  `${throttle}× CPU, ${hover ? `hover ${HOVER_LEAD_MS} ms before the click` : 'no hover'}`;

/** "median (min–max)". */
function cell(values: number[]): string {
  const { min, median, max } = spread(values, 1);
  return `${median} (${min}–${max})`;
}

const FIGURES: [keyof Run, string][] = [
  ['dom', 'in the DOM'],
  ['painted', 'painted'],
];

export async function runClickToFormBench(): Promise<Record<string, string>> {
  const [browser, stack] = await Promise.all([launchChromium(), startStack({ emulator: { autoAgent: false } })]);
  const pages = await startBenchPages(stack);
  const contenders: Contender[] = [
    {
      name: 'ours',
      url: stack.hostUrl,
      launcher: OUR_LAUNCHER,
      // The form ready in the widget's frame, and the frame shown (warmed up by a hover, the form is
      // already there, hidden, before the click).
      ends: [
        { name: 'form', selector: OUR_FORM, frame: 'child', painted: true },
        { name: 'shown', selector: 'iframe[title="Chat"][style*="visibility: visible"]', frame: 'top', painted: true },
      ],
    },
  ];
  if (pages.theirsUrl) {
    contenders.push({
      name: 'theirs',
      url: pages.theirsUrl,
      launcher: THEIR_LAUNCHER,
      ends: [{ name: 'form', selector: THEIR_FORM, frame: 'top', painted: true }],
    });
  }
  const results: Record<string, string> = {};
  try {
    if (!pages.theirsUrl) {
      results.theirs = `not built (run \`${THEIRS_HOW_TO_BUILD}\`)`;
      console.log(`theirs: ${results.theirs}`);
    }
    for (const contender of contenders) await clickToForm(browser, contender, 1, false); // warm-up
    for (const throttle of THROTTLES) {
      for (const hover of [false, true]) {
        const runs = new Map<string, Run[]>(contenders.map((c) => [c.name, []]));
        for (let i = 0; i < RUNS; i++) {
          for (const contender of contenders)
            runs.get(contender.name)!.push(await clickToForm(browser, contender, throttle, hover));
        }
        const row = label(throttle, hover);
        for (const [figure, name] of FIGURES) {
          const ours = runs.get('ours')!.map((r) => r[figure]);
          results[`${row}, ${name}: ours (ms)`] = cell(ours);
          const theirs = runs.get('theirs')?.map((r) => r[figure]);
          if (!theirs) continue;
          results[`${row}, ${name}: theirs (ms)`] = cell(theirs);
          results[`${row}, ${name}: ours / theirs`] = (spread(ours, 3).median / spread(theirs, 3).median).toFixed(2);
        }
      }
    }
  } finally {
    await pages.close();
    await browser.close();
    await stack.close();
  }
  return results;
}

/** A row per throttle and hover: ours, theirs and the ratio of the medians, in the DOM and painted. */
export function clickToFormTable(results: Record<string, number | string>): string {
  const lines = [
    '| click → form interactive | ours, in the DOM (ms) | theirs, in the DOM (ms) | ours / theirs | ours, painted (ms) | theirs, painted (ms) | ours / theirs |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const throttle of THROTTLES) {
    for (const hover of [false, true]) {
      const row = label(throttle, hover);
      const cells = FIGURES.flatMap(([, name]) =>
        ['ours (ms)', 'theirs (ms)', 'ours / theirs'].map((what) => String(results[`${row}, ${name}: ${what}`] ?? '–')),
      );
      lines.push(`| ${row} | ${cells.join(' | ')} |`);
    }
  }
  if (results.theirs) lines.push('', `Theirs: ${results.theirs}.`);
  lines.push('', `Median (min–max) of ${RUNS} runs each, ours and theirs interleaved.`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(clickToFormTable(await runClickToFormBench()));
}

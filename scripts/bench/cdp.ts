/**
 * In-page figures through the Chrome DevTools Protocol only, so that the harness does not weigh on
 * what it measures (a Playwright locator or `waitForFunction` adds heap and main-thread time in the
 * frame it polls, inside the measured window).
 *
 * - Moments ("the form is there", "this message is in the log") come from `Runtime.addBinding`:
 *   before the page loads, `Page.addScriptToEvaluateOnNewDocument` puts a MutationObserver in an
 *   isolated world of every frame of the page's process; it calls the binding once a watched selector
 *   matches, with the page's clock (epoch ms) and the element's position. No polling, no evaluation
 *   in the measured window.
 * - Input is real input: `Input.dispatchMouseEvent` (hover, click, wheel).
 * - Long tasks from a trace (`Tracing.start`, devtools.timeline): top-level tasks on the renderer's
 *   main thread.
 * - JS heap: `Performance.getMetrics` (JSHeapUsedSize) after a GC, outside the measured window.
 * - CPU throttling: `Emulation.setCPUThrottlingRate`.
 * `Runtime.evaluate` is used only outside measured windows (e.g. to find where to click).
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { round } from './stats.ts';

const BINDING = '__benchSignal';
const WORLD = 'flex-webchat-bench';

export interface Watch {
  /** The name the signal is reported under. */
  name: string;
  /** A CSS selector; the signal fires once something matches it. */
  selector: string;
  /** In the top frame (the host page) or in a child frame (the widget). */
  frame: 'top' | 'child';
}

export interface Signal {
  name: string;
  /** Epoch ms on the page's clock (the same system clock as `now()` here). */
  at: number;
  /** The matched element's centre in its frame's viewport (CSS px). */
  x: number;
  y: number;
}

/** Epoch ms with sub-millisecond resolution, comparable with `Signal.at`. */
export const now = (): number => performance.timeOrigin + performance.now();

/** Runs in every new document, in an isolated world: reports each watched selector once it matches. */
function observerSource(watches: Watch[]): string {
  return `(() => {
  const top = window === window.top;
  const pending = ${JSON.stringify(watches)}.filter((w) => (w.frame === 'top') === top);
  if (pending.length === 0) return;
  const report = globalThis[${JSON.stringify(BINDING)}];
  const check = () => {
    for (let i = pending.length - 1; i >= 0; i -= 1) {
      const element = document.querySelector(pending[i].selector);
      if (!element) continue;
      const at = performance.timeOrigin + performance.now();
      const r = element.getBoundingClientRect();
      report(JSON.stringify({ name: pending[i].name, at, x: r.x + r.width / 2, y: r.y + r.height / 2 }));
      pending.splice(i, 1);
    }
    if (pending.length === 0) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'aria-label'] });
  check();
})();`;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

/** A page's CDP session with the watches installed before its next navigation. */
export class PageProbe {
  private readonly seen = new Map<string, Signal>();
  private readonly waiters = new Map<string, (signal: Signal) => void>();

  private constructor(
    readonly page: Page,
    readonly cdp: CDPSession,
  ) {
    cdp.on('Runtime.bindingCalled', (event) => {
      if (event.name !== BINDING) return;
      const signal = JSON.parse(event.payload) as Signal;
      if (this.seen.has(signal.name)) return;
      this.seen.set(signal.name, signal);
      this.waiters.get(signal.name)?.(signal);
    });
  }

  /** Installs `watches` for the page's documents from now on; call before navigating. */
  static async attach(context: BrowserContext, page: Page, watches: Watch[]): Promise<PageProbe> {
    const cdp = await context.newCDPSession(page);
    const probe = new PageProbe(page, cdp);
    await cdp.send('Runtime.enable');
    await cdp.send('Page.enable');
    await cdp.send('Runtime.addBinding', { name: BINDING, executionContextName: WORLD });
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: observerSource(watches), worldName: WORLD });
    await cdp.send('Performance.enable');
    return probe;
  }

  /** Resolves when the watch named `name` has fired (at once if it already has). */
  signal(name: string, timeoutMs = 30_000): Promise<Signal> {
    const known = this.seen.get(name);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${name}" signal within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(name, (signal) => {
        clearTimeout(timer);
        resolve(signal);
      });
    });
  }

  /** Forgets a fired signal, so that it can be awaited again after the next navigation. */
  forget(name: string): void {
    this.seen.delete(name);
  }

  async navigate(url: string): Promise<void> {
    await this.cdp.send('Page.navigate', { url });
  }

  async throttle(rate: number): Promise<void> {
    await this.cdp.send('Emulation.setCPUThrottlingRate', { rate });
  }

  async hover(x: number, y: number): Promise<void> {
    await this.cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
  }

  async click(x: number, y: number): Promise<void> {
    await this.cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
    await this.cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
    await this.cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 });
  }

  async wheel(x: number, y: number, deltaY: number): Promise<void> {
    await this.cdp.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x, y, deltaX: 0, deltaY });
  }

  /** Evaluates an expression in the top frame's page world — only outside measured windows. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.cdp.send('Runtime.evaluate', {
      expression,
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(`evaluate failed: ${exceptionDetails.text}`);
    return result.value as T;
  }

  /** Evaluates an expression in an isolated world of the widget's frame — only outside measured windows. */
  async evaluateInWidget<T>(expression: string): Promise<T> {
    const { frameTree } = await this.cdp.send('Page.getFrameTree');
    const frameId = frameTree.childFrames?.[0]?.frame.id;
    if (!frameId) throw new Error('the page has no widget frame');
    const { executionContextId } = await this.cdp.send('Page.createIsolatedWorld', {
      frameId,
      worldName: `${WORLD}-eval`,
    });
    const { result, exceptionDetails } = await this.cdp.send('Runtime.evaluate', {
      expression,
      contextId: executionContextId,
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(`evaluate failed: ${exceptionDetails.text}`);
    return result.value as T;
  }

  /** Clicks the centre of `selector` in the widget's frame (positions looked up first, outside measured windows). */
  async widgetPoint(selector: string): Promise<{ x: number; y: number }> {
    const frame = await this.evaluate<{ x: number; y: number }>(
      `(() => { const r = document.querySelector('iframe[title="Chat"]').getBoundingClientRect(); return { x: r.x, y: r.y }; })()`,
    );
    const inner = await this.evaluateInWidget<{ x: number; y: number } | null>(
      `(() => { const e = document.querySelector(${JSON.stringify(selector)}); if (!e) return null; e.scrollIntoView({ block: 'nearest' }); const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
    );
    if (!inner) throw new Error(`nothing matches ${selector} in the widget`);
    return { x: frame.x + inner.x, y: frame.y + inner.y };
  }

  async type(text: string): Promise<void> {
    await this.cdp.send('Input.insertText', { text });
  }

  /** JS heap used by the page's renderer (page and same-site frames), after a GC, in bytes. */
  async heapUsed(): Promise<number> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  }

  /** Records a trace while `work` runs; returns the top-level tasks of the renderer's main thread (ms). */
  async mainThreadTasks(work: () => Promise<void>): Promise<number[]> {
    const events: TraceEvent[] = [];
    const collect = ({ value }: { value: unknown[] }): void => void events.push(...(value as TraceEvent[]));
    this.cdp.on('Tracing.dataCollected', collect);
    await this.cdp.send('Tracing.start', {
      traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'] },
      transferMode: 'ReportEvents',
    });
    try {
      await work();
    } finally {
      const complete = new Promise<void>((resolve) => this.cdp.once('Tracing.tracingComplete', () => resolve()));
      await this.cdp.send('Tracing.end');
      await complete;
      this.cdp.off('Tracing.dataCollected', collect);
    }
    const mainThreads = new Set(
      events
        .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
        .map((e) => `${e.pid}:${e.tid}`),
    );
    return events
      .filter((e) => e.ph === 'X' && e.name === 'RunTask' && mainThreads.has(`${e.pid}:${e.tid}`))
      .map((e) => (e.dur ?? 0) / 1000);
  }

  async close(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}

/** Total blocking time: the part of each task beyond 50 ms, summed. */
export function blockingTime(tasksMs: number[]): number {
  return round(tasksMs.reduce((sum, ms) => sum + Math.max(0, ms - 50), 0));
}

/** min / median / max of a series, for the tables. */
export function spread(values: number[], digits = 1): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: round(sorted[0] ?? NaN, digits),
    median: round(sorted[Math.floor(sorted.length / 2)] ?? NaN, digits),
    max: round(sorted.at(-1) ?? NaN, digits),
  };
}

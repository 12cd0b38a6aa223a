/**
 * In-page figures through the Chrome DevTools Protocol only, so that the harness does not weigh on
 * what it measures (a Playwright locator or `waitForFunction` adds heap and main-thread time in the
 * frame it polls, inside the measured window).
 *
 * - Moments ("the form is there", "this message is in the log", optionally "… and painted") come
 *   from `Runtime.addBinding`: before the page loads, `Page.addScriptToEvaluateOnNewDocument` puts
 *   a MutationObserver in an isolated world of every frame of the page's process; it calls the
 *   binding once a watched selector matches, with the page's clock (epoch ms) and the element's position. No polling, no evaluation
 *   in the measured window. The top frame also reports its first `mousedown` (the event's own
 *   time stamp), so that a click's start and the moment it waits for are on the page's clock.
 * - Input is real input: `Input.dispatchMouseEvent` (hover, click, wheel).
 * - Long tasks from a trace (`Tracing.start`, devtools.timeline): top-level tasks on the renderer's
 *   main thread.
 * - JS heap: `Performance.getMetrics` (JSHeapUsedSize) after a GC, outside the measured window.
 * - CPU throttling: `Emulation.setCPUThrottlingRate`.
 * - Requests and bytes: the Network domain's events (browser side; nothing runs in the page).
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
  /**
   * Also report `<name>:painted`: the end of the first rendering update after the match (a message
   * posted from the next animation frame's callback runs once that frame's style, layout and paint
   * are done), i.e. when the match is on screen rather than only in the DOM.
   */
  painted?: boolean;
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
  const report = globalThis[${JSON.stringify(BINDING)}];
  // The page's own time of a press: the start of click → … figures, on the same clock as their end.
  if (top) addEventListener('mousedown', (e) => report(JSON.stringify({ name: 'mousedown', at: performance.timeOrigin + e.timeStamp, x: e.clientX, y: e.clientY })), { capture: true, once: true });
  if (pending.length === 0) return;
  const check = () => {
    for (let i = pending.length - 1; i >= 0; i -= 1) {
      const element = document.querySelector(pending[i].selector);
      if (!element) continue;
      const at = performance.timeOrigin + performance.now();
      const r = element.getBoundingClientRect();
      const { name, painted } = pending[i];
      const x = r.x + r.width / 2, y = r.y + r.height / 2;
      report(JSON.stringify({ name, at, x, y }));
      if (painted) requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () =>
          report(JSON.stringify({ name: name + ':painted', at: performance.timeOrigin + performance.now(), x, y }));
        channel.port2.postMessage(0);
      });
      pending.splice(i, 1);
    }
    if (pending.length === 0) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'aria-label', 'style', 'hidden'] });
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

  /** Resolves at the next load event of the top frame; call before navigating. */
  nextLoad(): Promise<void> {
    return new Promise((resolve) => this.cdp.once('Page.loadEventFired', () => resolve()));
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

  /** Starts counting the page's requests and bytes (CDP Network domain); call before navigating. */
  async countNetwork(): Promise<NetworkTally> {
    return NetworkTally.start(this.cdp);
  }

  async close(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}

/**
 * Requests and bytes of a page and its in-process frames, from the browser's Network events
 * (nothing runs in the page): every request sent, the encoded bytes received for each (headers
 * and body, as on the wire), plus the payloads of WebSocket frames both ways.
 */
export class NetworkTally {
  requests = 0;
  bytes = 0;
  private readonly inFlight = new Set<string>();
  private lastActivity = now();

  private constructor(cdp: CDPSession) {
    const settled = (requestId: string): void => {
      this.inFlight.delete(requestId);
      this.lastActivity = now();
    };
    cdp.on('Network.requestWillBeSent', ({ requestId, redirectResponse }) => {
      if (!redirectResponse) this.requests += 1;
      this.inFlight.add(requestId);
      this.lastActivity = now();
    });
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
      this.bytes += encodedDataLength;
      settled(requestId);
    });
    cdp.on('Network.loadingFailed', ({ requestId }) => settled(requestId));
    const frame = ({ response }: { response: { opcode: number; payloadData: string } }): void => {
      this.bytes += Buffer.byteLength(response.payloadData, response.opcode === 2 ? 'base64' : 'utf8');
    };
    cdp.on('Network.webSocketFrameReceived', frame);
    cdp.on('Network.webSocketFrameSent', frame);
  }

  static async start(cdp: CDPSession): Promise<NetworkTally> {
    const tally = new NetworkTally(cdp);
    await cdp.send('Network.enable');
    return tally;
  }

  /** Resolves once no request has been in flight for `quietMs`. */
  async quiet(quietMs: number, timeoutMs = 30_000): Promise<void> {
    const deadline = now() + timeoutMs;
    while (this.inFlight.size > 0 || now() - this.lastActivity < quietMs) {
      if (now() > deadline) throw new Error(`the network was not quiet within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
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

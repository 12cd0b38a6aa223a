/**
 * Helpers for the loader's tests on the real stack (scripts/harness/stack.ts: the emulator, our
 * server serving the built dist/public, the demo host page with its strict CSP): opening the host
 * page, and the host page's FlexWebchat events.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { recordCspViolations } from '../../scripts/harness/browser.ts';
import { waitFor } from '../../scripts/harness/wait.ts';

export type RecordedEvent = [name: string, detail: unknown];

const EVENTS = ['ready', 'open', 'close', 'unreadChange', 'conversationStarted', 'conversationEnded', 'message'];

/**
 * Subscribes to every FlexWebchat event from the host page's first moment, through the documented
 * pre-load queue (`(window.FlexWebchat = window.FlexWebchat || []).push(['on', …])`), on every
 * load of every page of the context (reloads included). Only in the top frame.
 */
export async function recordFlexWebchatEvents(context: BrowserContext): Promise<void> {
  await context.addInitScript((names: string[]) => {
    if (window !== window.top) return;
    const w = window as unknown as { __events: unknown[]; FlexWebchat?: unknown[] };
    w.__events = [];
    const queue = (w.FlexWebchat ??= []);
    for (const name of names) queue.push(['on', name, (detail: unknown) => w.__events.push([name, detail])]);
  }, EVENTS);
}

export const events = (page: Page): Promise<RecordedEvent[]> =>
  page.evaluate(() => (window as unknown as { __events: RecordedEvent[] }).__events);

/** Waits for the first recorded event `name` whose detail satisfies `match`; returns its detail. */
export async function waitForEvent(
  page: Page,
  name: string,
  match: (detail: unknown) => boolean = () => true,
): Promise<unknown> {
  const found = await waitFor(
    `the ${name} event`,
    async () => (await events(page)).find(([n, d]) => n === name && match(d)) ?? false,
  );
  return found[1];
}

/** The host page's first-party returning-visitor flag (docs/embedding.md). */
export const hostFlag = (page: Page): Promise<string | null> =>
  page.evaluate(() => localStorage.getItem('flex-webchat'));

/** True once the CSP recorder (recordCspViolations) runs in the widget frame too. */
export async function recorderInEveryFrame(page: Page): Promise<boolean> {
  const frames = page.frames();
  const installed = await Promise.all(
    frames.map((f) =>
      f
        .evaluate(() => Array.isArray((window as unknown as { __violations?: unknown }).__violations))
        .catch(() => false),
    ),
  );
  return frames.length === 2 && installed.every(Boolean);
}

/** A fresh context on the host page, recording CSP violations and FlexWebchat events, launcher drawn. */
export async function openHostPage(
  browser: Browser,
  hostUrl: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await recordCspViolations(context);
  await recordFlexWebchatEvents(context);
  const page = await context.newPage();
  await page.goto(hostUrl);
  await page.getByRole('button', { name: 'Open chat' }).waitFor();
  return { context, page };
}

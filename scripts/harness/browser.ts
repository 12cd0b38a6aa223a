/** Headless Chromium for every browser test and benchmark (playwright-core driving the installed Chrome, Chromium or Edge). */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { requireBrowser } from '../find-browser.mjs';

/**
 * Keeps Chromium off the network: only localhost and 127.0.0.1 resolve. `--lang=en-US`: the
 * browser's languages are English whatever the machine's locale, so the widget (which follows
 * navigator.languages) speaks English unless a test chooses otherwise.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--lang=en-US', // tests find things by English names; a test that wants another language sets its context's locale
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = requireBrowser();
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Records every securitypolicyviolation in every frame of the context, before any page script runs. */
export async function recordCspViolations(target: BrowserContext | Page): Promise<void> {
  await target.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

/** The violations recorded so far in every frame of the page. */
export async function violations(page: Page): Promise<string[]> {
  const all: string[] = [];
  for (const frame of page.frames()) {
    try {
      all.push(...(await frame.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? [])));
    } catch {
      // a frame that navigated away or was blocked has nothing to report
    }
  }
  return all;
}

/** Headless Chromium for the widget's browser tests (playwright-core, Debian's chromium). */
import type { Page } from 'playwright-core';

export { launchChromium } from '../../../scripts/harness/browser.ts';

/** Records CSP violations (read them with cspViolations) and uncaught page errors. */
export async function watchPage(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return errors;
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

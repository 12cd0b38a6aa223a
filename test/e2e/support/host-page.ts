/**
 * The demo host page with other data-* options on the loader's <script> tag, set as the parser
 * inserts it (an init script: a page served through page.route would lose its loopback address
 * space, and Chromium would refuse it the loader).
 */
import type { Page } from 'playwright-core';

export async function hostPageWith(page: Page, hostUrl: string, attributes: Record<string, string>): Promise<void> {
  await page.addInitScript((data: Record<string, string>) => {
    new MutationObserver((records, observer) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node instanceof HTMLScriptElement && node.src.endsWith('/loader.js')) {
            for (const [name, value] of Object.entries(data)) node.setAttribute(`data-${name}`, value);
            observer.disconnect();
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  }, attributes);
  await page.goto(hostUrl);
}

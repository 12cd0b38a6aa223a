/**
 * The SRI snippet in Chromium: a host page loads /v/{version}/loader.js with the integrity value
 * the build printed and crossorigin="anonymous"; the loader runs (the launcher appears). The same
 * page against a server whose loader.js was tampered with gets it refused: no launcher, an error
 * event on the script element and Chromium's integrity message in the console.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  nodeAssets,
  startChatServer,
  startHostServer,
  type HostServer,
  type RunningServer,
} from '../loader/support.ts';

const publicDir = fileURLToPath(new URL('../../dist/public', import.meta.url));

interface Manifest {
  version: string;
  path: string;
  integrity: string;
}

/** A host page with only the SRI snippet, recording error events on elements (capture phase). */
function sriPage(server: string, manifest: Manifest): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SRI host</title>
<script>window.__errors = []; addEventListener('error', (e) => { if (e.target && e.target.src) window.__errors.push(e.target.src); }, true);</script>
<script src="${server}${manifest.path}" integrity="${manifest.integrity}" crossorigin="anonymous" async></script>
</head><body><h1>A host page</h1></body></html>`;
}

describe('Subresource Integrity on the versioned loader (Chromium)', () => {
  let manifest: Manifest;
  let tamperedDir: string;
  let genuine: RunningServer;
  let tampered: RunningServer;
  let host: HostServer;
  let browser: Browser;

  before(async () => {
    manifest = JSON.parse(await readFile(join(publicDir, 'loader.integrity.json'), 'utf8')) as Manifest;
    tamperedDir = await mkdtemp(join(tmpdir(), 'fw-sri-'));
    await cp(publicDir, tamperedDir, { recursive: true });
    const original = await readFile(join(tamperedDir, 'loader.js'), 'utf8');
    await writeFile(join(tamperedDir, 'loader.js'), `${original}\n;console.log("injected");`);
    host = await startHostServer();
    genuine = await startChatServer({ allowedOrigins: [host.origin], assets: nodeAssets(publicDir) });
    tampered = await startChatServer({ allowedOrigins: [host.origin], assets: nodeAssets(tamperedDir) });
    host.set('/genuine.html', { body: sriPage(genuine.origin, manifest) });
    host.set('/tampered.html', { body: sriPage(tampered.origin, manifest) });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await Promise.all([genuine?.close(), tampered?.close(), host?.close()]);
    await rm(tamperedDir, { recursive: true, force: true });
  });

  async function open(path: string): Promise<{ page: Page; console: string[] }> {
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on('console', (m) => messages.push(m.text()));
    await page.goto(`${host.origin}${path}`);
    return { page, console: messages };
  }

  test('the genuine loader with its integrity and crossorigin="anonymous" runs: the launcher appears', async () => {
    const { page } = await open('/genuine.html');
    try {
      await page.getByRole('button', { name: 'Open chat' }).waitFor({ state: 'visible' });
      assert.deepEqual(await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors), []);
    } finally {
      await page.close();
    }
  });

  test('a tampered loader.js is refused: no launcher, an error event, the integrity message', async () => {
    const { page, console } = await open('/tampered.html');
    try {
      await page.waitForFunction(() => (window as unknown as { __errors: string[] }).__errors.length > 0);
      const errors = await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);
      assert.deepEqual(errors, [`${tampered.origin}${manifest.path}`]);
      assert.ok(
        console.some((m) => /integrity/i.test(m) && m.includes(manifest.path)),
        console.join('\n'),
      );
      assert.ok(!console.includes('injected'), 'the tampered code did not run');
      assert.equal(await page.getByRole('button', { name: /chat/i }).count(), 0);
      assert.equal(await page.evaluate(() => 'FlexWebchat' in window), false);
    } finally {
      await page.close();
    }
  });
});

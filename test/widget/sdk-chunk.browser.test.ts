/**
 * The real SDK chunk as built: it evaluates in Chromium (no missing Node shims), it is not
 * part of the first paint, and the client it creates dials the Twilsock URL from the config.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { launchChromium, watchPage } from './support/browser.ts';
import { startWidgetServer, type WidgetTestServer } from './support/widget-server.ts';

let browser: Browser;
let server: WidgetTestServer;
const http = createServer();
const wss = new WebSocketServer({ server: http });
let wsUrl = '';
before(async () => {
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  wsUrl = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/v3/wsconnect`;
  browser = await launchChromium();
  server = await startWidgetServer({ connectSrc: [new URL(wsUrl).origin] });
});
after(async () => {
  await browser?.close();
  await server?.close();
  for (const c of wss.clients) c.terminate();
  wss.close();
  await new Promise<void>((r) => http.close(() => r()));
});

test('the SDK chunk loads in Chromium only on demand and connects to the configured Twilsock URL', async () => {
  const dialled = new Promise<string>((resolve) => wss.on('connection', (_socket, req) => resolve(req.url ?? '')));
  {
    const page = await browser.newPage();
    const errors = await watchPage(page);
    const sdk = server.lazyChunks.find((c) => c.includes('/sdk-session-'));
    assert.ok(sdk, 'the build lists the SDK chunk for prefetching');
    // Standalone the panel is open, so the SDK is prefetched, once the browser is idle after the form.
    const prefetched = page.waitForRequest((r) => new URL(r.url()).pathname === sdk);
    await page.goto(`${server.url}/widget`);
    await page.getByRole('button', { name: 'Start chat' }).waitFor();
    await prefetched;
    const linkRel = await page.evaluate(
      (href) => document.querySelector(`link[href="${href}"]`)?.getAttribute('rel'),
      sdk,
    );
    assert.equal(linkRel, 'modulepreload');
    // A string, not a function: tsx would wrap named functions in a helper the page lacks.
    const exported = await page.evaluate(`(async () => {
      const mod = await import(${JSON.stringify(sdk)});
      mod.openSdkSession({ identity: 'v', conversationSid: 'CH1', token: 'not-a-real-token', twilsockUrl: ${JSON.stringify(wsUrl)}, refreshToken: async () => 'x' }).catch(() => undefined);
      return typeof mod.openSdkSession;
    })()`);
    assert.equal(exported, 'function');
    assert.equal(await dialled, '/v3/wsconnect');
    assert.deepEqual(errors, []);
    await page.close();
  }
});

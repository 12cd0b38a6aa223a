/**
 * The loader in a host page under the strict host CSP of issue 4: facade behaviour, what happens
 * before the visitor interacts, the iframe contract, the channel, the returning-visitor restore.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  hostHtml,
  recordCspViolations,
  startFixtureRig,
  violations,
  widgetFrame,
  type FixtureRig,
  type FixtureWindow,
  type HostServer,
  type RunningServer,
} from './support.ts';

describe('loader facade under a strict host CSP', () => {
  let browser: Browser;
  let server: RunningServer;
  let host: HostServer;
  let rig: FixtureRig;

  before(async () => {
    rig = await startFixtureRig();
    ({ browser, server, host } = rig);
    host.set('/strict.html', { body: hostHtml(server.origin), headers: rig.strict });
    host.set('/dark.html', { body: hostHtml(server.origin, { data: { theme: 'dark' } }), headers: rig.strict });
  });

  after(() => rig?.close());

  async function open(
    path: string,
    init?: (context: BrowserContext) => Promise<void>,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    await recordCspViolations(context);
    await init?.(context);
    const page = await context.newPage();
    await page.goto(`${host.origin}${path}`);
    await page.getByRole('button', { name: 'Open chat' }).waitFor();
    return { context, page };
  }

  test('zero securitypolicyviolation events through load, open, messages over the channel and close', async () => {
    const { context, page } = await open('/strict.html');
    try {
      await page.evaluate(() => {
        const w = window as unknown as {
          events: unknown[];
          FlexWebchat: { on(e: string, h: (d: unknown) => void): void };
        };
        w.events = [];
        for (const name of ['ready', 'open', 'close', 'message', 'unreadChange'])
          w.FlexWebchat.on(name, (d) => w.events.push([name, d]));
      });
      await page.getByRole('button', { name: 'Open chat' }).click();
      const frame = await widgetFrame(page);
      await frame.waitForFunction(
        () => (window as unknown as FixtureWindow).fixture.received.some((m) => m.type === 'open'),
        undefined,
        { polling: 50 },
      );
      await frame.evaluate(() => {
        const { fixture } = window as unknown as FixtureWindow;
        fixture.send({ type: 'message', author: 'Agent', body: 'Hello <b>there</b>' });
      });
      await page.waitForFunction(() =>
        (window as unknown as { events: unknown[][] }).events.some((e) => e[0] === 'message'),
      );
      await page.getByRole('button', { name: 'Close chat' }).click();
      await page.getByRole('button', { name: 'Open chat' }).waitFor();
      const events = await page.evaluate(() => (window as unknown as { events: unknown[] }).events);
      assert.deepEqual(events, [
        ['open', undefined],
        ['ready', undefined],
        ['message', { author: 'Agent', body: 'Hello <b>there</b>' }],
        ['close', undefined],
      ]);
      assert.deepEqual(await violations(page), []);
      assert.equal(page.frames().length, 2, 'the host page and the widget frame were checked');
    } finally {
      await context.close();
    }
  });

  test('before interaction: exactly one request to the server, no iframe, nothing in any storage', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const toServer: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(server.origin)) toServer.push(new URL(request.url()).pathname);
    });
    try {
      await page.goto(`${host.origin}/strict.html`, { waitUntil: 'load' });
      await page.getByRole('button', { name: 'Open chat' }).waitFor();
      // Let any idle-time work the loader might schedule happen before looking.
      await page.evaluate(
        () => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 0), { timeout: 2000 })),
      );
      assert.deepEqual(toServer, ['/loader.js']);
      assert.equal(await page.locator('iframe').count(), 0);
      const storage = await page.evaluate(async () => ({
        local: localStorage.length,
        session: sessionStorage.length,
        cookie: document.cookie,
        databases: (await indexedDB.databases()).length,
      }));
      assert.deepEqual(storage, { local: 0, session: 0, cookie: '', databases: 0 });
      const cookies = await context.cookies();
      assert.deepEqual(cookies, []);
    } finally {
      await context.close();
    }
  });

  test('the launcher is a real button, styled through CSSOM; a hover loads the widget hidden, a click shows it', async () => {
    const { context, page } = await open('/strict.html');
    try {
      const launcher = page.getByRole('button', { name: 'Open chat' });
      const info = await launcher.evaluate((b) => ({
        tag: b.tagName,
        position: getComputedStyle(b).position,
        svg: b.querySelector('svg')?.namespaceURI,
      }));
      assert.deepEqual(info, { tag: 'BUTTON', position: 'fixed', svg: 'http://www.w3.org/2000/svg' });
      assert.equal(await page.locator('style').count(), 0, 'no <style> element');
      assert.equal(await page.locator('iframe').count(), 0, 'no iframe before a sign of intent');
      const widgetRequest = page.waitForRequest((r) => r.url().startsWith(`${server.origin}/widget?`));
      await launcher.hover();
      await widgetRequest;
      const frame = page.locator('iframe');
      assert.equal(await frame.count(), 1, 'the hover loads the widget');
      assert.equal(await frame.evaluate((f) => getComputedStyle(f).visibility), 'hidden', 'not shown yet');
      await launcher.click();
      await page.getByRole('button', { name: 'Close chat' }).waitFor();
      assert.equal(await frame.evaluate((f) => getComputedStyle(f).visibility), 'visible');
      assert.equal(await page.locator('iframe').count(), 1, 'the same iframe');
    } finally {
      await context.close();
    }
  });

  test('the launcher shows its state: a speech bubble while closed, an X while open', async () => {
    const { context, page } = await open('/strict.html');
    try {
      const icon = () => page.locator('button svg path').getAttribute('d');
      const closed = await icon();
      await page.getByRole('button', { name: 'Open chat' }).click();
      await page.getByRole('button', { name: 'Close chat' }).waitFor();
      const opened = await icon();
      assert.ok(closed && opened && closed !== opened, 'another icon while open');
      assert.match(opened, /^M6 8l2-2 6 6 6-6/, 'the X');
      await page.getByRole('button', { name: 'Close chat' }).click();
      await page.getByRole('button', { name: 'Open chat' }).waitFor();
      assert.equal(await icon(), closed);
      assert.deepEqual(await violations(page), []);
    } finally {
      await context.close();
    }
  });

  test('a touch starting on the launcher, or keyboard focus, loads the widget hidden too', async () => {
    const context = await browser.newContext({ hasTouch: true });
    try {
      const page = await context.newPage();
      await page.goto(`${host.origin}/strict.html`);
      const launcher = page.getByRole('button', { name: 'Open chat' });
      const box = (await launcher.boundingBox())!;
      assert.equal(await page.locator('iframe').count(), 0);
      const cdp = await context.newCDPSession(page);
      const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
      await page.locator('iframe').waitFor({ state: 'attached' });
      assert.equal(await page.locator('iframe').evaluate((f) => getComputedStyle(f).visibility), 'hidden');
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchCancel', touchPoints: [] });

      const focused = await context.newPage();
      await focused.goto(`${host.origin}/strict.html`);
      await focused.getByRole('button', { name: 'Open chat' }).waitFor();
      assert.equal(await focused.locator('iframe').count(), 0);
      await focused.getByRole('button', { name: 'Open chat' }).focus();
      assert.equal(await focused.locator('iframe').count(), 1);
      assert.equal(await focused.locator('iframe').evaluate((f) => getComputedStyle(f).visibility), 'hidden');
    } finally {
      await context.close();
    }
  });

  test('no warm-up for visitors who ask to save data', async () => {
    const { context, page } = await open('/strict.html', async (c) => {
      await c.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true } }));
    });
    try {
      assert.equal(
        await page.evaluate(() => (navigator as unknown as { connection: { saveData: boolean } }).connection.saveData),
        true,
      );
      const launcher = page.getByRole('button', { name: 'Open chat' });
      await launcher.hover();
      await launcher.focus();
      // The warm-up runs synchronously in the event handler: by now it would be there.
      assert.equal(await page.locator('iframe').count(), 0);
    } finally {
      await context.close();
    }
  });

  test('the iframe has exactly the attributes of the contract', async () => {
    const { context, page } = await open('/dark.html');
    try {
      await page.getByRole('button', { name: 'Open chat' }).click();
      const frame = await widgetFrame(page);
      const attrs = await page.locator('iframe').evaluate((f: HTMLIFrameElement) => ({
        src: f.src,
        sandbox: f.getAttribute('sandbox'),
        allow: f.getAttribute('allow'),
        title: f.title,
        referrerPolicy: f.referrerPolicy,
        colorScheme: f.style.colorScheme,
      }));
      assert.deepEqual(attrs, {
        // The loader's settings in the fragment (never sent to the server), for the widget's first render.
        src: `${server.origin}/widget?origin=${host.origin}#${encodeURIComponent(JSON.stringify({ locale: '', theme: 'dark', sound: false }))}`,
        sandbox:
          'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads',
        allow: 'clipboard-write',
        title: 'Chat',
        referrerPolicy: 'strict-origin',
        colorScheme: 'dark',
      });
      const settings = await frame.evaluate(() => (window as unknown as FixtureWindow).fixture.settings);
      assert.equal(settings?.theme, 'dark');
      assert.deepEqual(await violations(page), []);
    } finally {
      await context.close();
    }
  });

  test('a returning visitor gets the conversation and its unread badge back without a click', async () => {
    const { context, page } = await open('/strict.html');
    try {
      await page.getByRole('button', { name: 'Open chat' }).click();
      const frame = await widgetFrame(page);
      const flag = () => page.evaluate(() => localStorage.getItem('flex-webchat'));
      assert.equal(await flag(), null, 'opening the panel alone writes nothing');
      await frame.evaluate(() => {
        const { fixture } = window as unknown as FixtureWindow;
        fixture.send({ type: 'conversationStarted', conversationSid: 'CH' + '0'.repeat(32) });
        fixture.send({ type: 'session', active: true });
      });
      await page.waitForFunction(() => localStorage.getItem('flex-webchat') !== null);
      assert.equal(await flag(), '1', 'a flag, no secret');

      await page.reload();
      await page.waitForSelector('iframe[title="Chat"]', { state: 'attached' }); // created at idle time, no click
      const restored = await widgetFrame(page);
      await restored.evaluate(() => {
        const { fixture } = window as unknown as FixtureWindow;
        fixture.send({ type: 'unreadChange', count: 2 });
        fixture.send({
          type: 'launcherNames',
          open: 'Open chat, 2 unread messages',
          close: 'Close chat',
          title: '(2) New messages',
        });
      });
      await page.getByRole('button', { name: 'Open chat, 2 unread messages' }).waitFor();
      assert.equal(await page.locator('button b').textContent(), '2');
      assert.equal(
        await page.locator('iframe').evaluate((f) => getComputedStyle(f).visibility),
        'hidden',
        'restored, not opened',
      );

      await restored.evaluate(() => (window as unknown as FixtureWindow).fixture.send({ type: 'conversationEnded' }));
      await page.waitForFunction(() => localStorage.getItem('flex-webchat') === null);
      assert.deepEqual(await violations(page), []);
    } finally {
      await context.close();
    }
  });
});

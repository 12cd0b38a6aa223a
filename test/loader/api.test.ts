/**
 * window.FlexWebchat: every method and event, the pre-load command queue, idempotent loading,
 * destroy, and the data-* options.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  hostHtml,
  startFixtureRig,
  widgetFrame,
  type FixtureRig,
  type FixtureWindow,
  type HostServer,
  type RunningServer,
} from './support.ts';

type HostWindow = Window & {
  events: [string, unknown][];
  FlexWebchat: {
    open(): void;
    close(): void;
    toggle(): void;
    setUser(user: Record<string, unknown>, options?: { skipForm?: boolean; identityToken?: string }): void;
    setContext(context: Record<string, unknown>): void;
    setLocale(locale: string): void;
    on(event: string, handler: (detail: unknown) => void): () => void;
    reset(): void;
    destroy(): void;
  };
};

const ALL_EVENTS = ['ready', 'open', 'close', 'unreadChange', 'conversationStarted', 'conversationEnded', 'message'];

describe('window.FlexWebchat', () => {
  let browser: Browser;
  let server: RunningServer;
  let host: HostServer;
  let rig: FixtureRig;

  before(async () => {
    rig = await startFixtureRig();
    ({ browser, server, host } = rig);
    const csp = rig.strict;
    host.set('/page.html', { body: hostHtml(server.origin), headers: csp });
    // The host's own script file queues commands before the loader ran (no inline script).
    host.set('/queue.js', {
      contentType: 'text/javascript',
      body: `(window.FlexWebchat = window.FlexWebchat || []).push(
        ['on', 'ready', function () { window.readyFromQueue = true; }],
        ['__proto__'],
        ['setUser', { friendlyName: 'Ada', email: 'ada@example.com', plan: 'pro' }],
        ['constructor'], ['hasOwnProperty', 'x'], ['noSuchCommand', 1],
        ['setLocale', 'fr']);`,
    });
    host.set('/queued.html', { body: hostHtml(server.origin, { before: ['/queue.js'] }), headers: csp });
    // No Trusted Types here: the test itself adds script tags later, as an SPA would.
    host.set('/twice.html', {
      body: hostHtml(server.origin, { extra: `<script src="${server.origin}/loader.js"></script>` }),
    });
    host.set('/options.html', {
      body: hostHtml(server.origin, {
        data: {
          position: 'left',
          color: 'rebeccapurple',
          'z-index': '500',
          locale: 'de-CH',
          theme: 'light',
          open: 'true',
          sound: 'true',
        },
      }),
      headers: csp,
    });
    host.set('/private.html', { body: hostHtml(server.origin, { data: { 'share-page': 'false' } }), headers: csp });
    host.set('/bad-options.html', {
      body: hostHtml(server.origin, {
        data: { color: 'not-a-colour', 'z-index': 'high', theme: 'neon', sound: 'yes' },
      }),
      headers: csp,
    });
  });

  after(() => rig?.close());

  async function load(path: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${host.origin}${path}`);
    await page.getByRole('button', { name: /chat/ }).waitFor();
    await page.evaluate((names) => {
      const w = window as unknown as HostWindow;
      w.events = [];
      for (const name of names) w.FlexWebchat.on(name, (detail) => w.events.push([name, detail]));
    }, ALL_EVENTS);
    return page;
  }
  const events = (page: Page) => page.evaluate(() => (window as unknown as HostWindow).events);
  const received = (page: Page) =>
    widgetFrame(page).then((f) => f.evaluate(() => (window as unknown as FixtureWindow).fixture.received));
  const fromWidget = async (page: Page, message: Record<string, unknown>) =>
    (await widgetFrame(page)).evaluate((m) => (window as unknown as FixtureWindow).fixture.send(m), message);

  test('open, close and toggle show and hide the panel and tell the widget', async () => {
    const page = await load('/page.html');
    try {
      await page.evaluate(() => (window as unknown as HostWindow).FlexWebchat.open());
      await page.getByRole('button', { name: 'Close chat' }).waitFor();
      const frame = await widgetFrame(page);
      await page.waitForFunction(() => (window as unknown as HostWindow).events.some((e) => e[0] === 'ready'));
      await page.evaluate(() => (window as unknown as HostWindow).FlexWebchat.toggle());
      await page.getByRole('button', { name: 'Open chat' }).waitFor();
      await page.evaluate(() => (window as unknown as HostWindow).FlexWebchat.toggle());
      await page.evaluate(() => (window as unknown as HostWindow).FlexWebchat.close());
      await frame.waitForFunction(() => (window as unknown as FixtureWindow).fixture.received.length === 4, undefined, {
        polling: 50,
      });
      assert.deepEqual(await received(page), [
        { type: 'open' },
        { type: 'close' },
        { type: 'open' },
        { type: 'close' },
      ]);
      assert.equal(await page.locator('iframe').evaluate((f) => getComputedStyle(f).visibility), 'hidden');
      assert.deepEqual(
        (await events(page)).map((e) => e[0]),
        ['open', 'ready', 'close', 'open', 'close'],
      );
      assert.equal(await page.locator('iframe').count(), 1, 'one iframe, kept while closed');
    } finally {
      await page.close();
    }
  });

  test('widget events reach every subscriber; on() returns an unsubscribe function', async () => {
    const page = await load('/page.html');
    try {
      await page.evaluate(() => {
        const w = window as unknown as HostWindow & { second: unknown[]; off: () => void };
        w.second = [];
        w.off = w.FlexWebchat.on('message', (d) => w.second.push(d));
        w.FlexWebchat.open();
      });
      await fromWidget(page, { type: 'conversationStarted', conversationSid: 'CH' + 'a'.repeat(32) });
      await fromWidget(page, { type: 'message', author: 'Agent', body: 'Hi' });
      await fromWidget(page, { type: 'unreadChange', count: 3 });
      await fromWidget(page, { type: 'message', author: 42, body: 'not valid' });
      await fromWidget(page, { type: 'unreadChange', count: -1 });
      await fromWidget(page, { type: 'conversationEnded' });
      await page.waitForFunction(() =>
        (window as unknown as HostWindow).events.some((e) => e[0] === 'conversationEnded'),
      );
      await page.evaluate(() => (window as unknown as { off: () => void }).off());
      await fromWidget(page, { type: 'message', author: 'Agent', body: 'Second' });
      await page.waitForFunction(
        () => (window as unknown as HostWindow).events.filter((e) => e[0] === 'message').length === 2,
      );
      assert.deepEqual(await events(page), [
        ['open', undefined],
        ['ready', undefined],
        ['conversationStarted', { conversationSid: 'CH' + 'a'.repeat(32) }],
        ['message', { author: 'Agent', body: 'Hi' }],
        ['unreadChange', { count: 3 }],
        ['conversationEnded', undefined],
        ['message', { author: 'Agent', body: 'Second' }],
      ]);
      assert.deepEqual(await page.evaluate(() => (window as unknown as { second: unknown[] }).second), [
        { author: 'Agent', body: 'Hi' },
      ]);
    } finally {
      await page.close();
    }
  });

  test('setUser, setLocale and reset are queued until the widget is ready; setUser with skipForm creates the iframe', async () => {
    const page = await load('/page.html');
    try {
      await page.evaluate(() => {
        const api = (window as unknown as HostWindow).FlexWebchat;
        api.setLocale('pt-BR');
        api.setUser({ friendlyName: 'Grace', email: 'grace@example.com' }, { skipForm: true });
      });
      assert.equal(await page.locator('iframe').count(), 1, 'skipForm starts the chat: the iframe exists');
      const frame = await widgetFrame(page);
      await frame.waitForFunction(() => (window as unknown as FixtureWindow).fixture.received.length === 2, undefined, {
        polling: 50,
      });
      assert.deepEqual(await received(page), [
        { type: 'setLocale', locale: 'pt-BR' },
        { type: 'setUser', user: { friendlyName: 'Grace', email: 'grace@example.com' }, skipForm: true },
      ]);
      await fromWidget(page, { type: 'session', active: true });
      await page.waitForFunction(() => localStorage.getItem('flex-webchat') === '1');
      await page.evaluate(() => (window as unknown as HostWindow).FlexWebchat.reset());
      await frame.waitForFunction(() => (window as unknown as FixtureWindow).fixture.received.length === 3, undefined, {
        polling: 50,
      });
      assert.deepEqual((await received(page))[2], { type: 'reset' });
      assert.equal(await page.evaluate(() => localStorage.getItem('flex-webchat')), null, 'reset clears the flag');
    } finally {
      await page.close();
    }
  });

  test('setContext merges over the page address (no query, no fragment) and title, sent before every setUser and open; setUser carries the identity token', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${host.origin}/page.html?session=secret#section`);
      await page.getByRole('button', { name: /chat/ }).waitFor();
      await page.evaluate(() => {
        const api = (window as unknown as HostWindow).FlexWebchat;
        api.setContext({ plan: 'pro', cartValue: 129.5 });
        api.setContext({ vip: true, plan: 'enterprise' });
        api.setUser({ friendlyName: 'Ada' }, { identityToken: 'header.payload.signature' });
        document.title = 'Checkout';
        history.pushState(null, '', '/checkout?step=2');
        api.open();
      });
      const frame = await widgetFrame(page);
      await frame.waitForFunction(() => (window as unknown as FixtureWindow).fixture.received.length === 2, undefined, {
        polling: 50,
      });
      const fixture = await frame.evaluate(() => (window as unknown as FixtureWindow).fixture);
      assert.deepEqual(fixture.received, [
        { type: 'setUser', user: { friendlyName: 'Ada' }, skipForm: false, identityToken: 'header.payload.signature' },
        { type: 'open' },
      ]);
      const page1 = `${host.origin}/page.html`;
      assert.deepEqual(fixture.contexts, [
        { pageUrl: page1, pageTitle: 'Host', plan: 'pro', cartValue: 129.5 },
        { pageUrl: page1, pageTitle: 'Host', plan: 'enterprise', cartValue: 129.5, vip: true },
        { pageUrl: page1, pageTitle: 'Host', plan: 'enterprise', cartValue: 129.5, vip: true },
        // An SPA moved on: the address and title of the moment.
        { pageUrl: `${host.origin}/checkout`, pageTitle: 'Checkout', plan: 'enterprise', cartValue: 129.5, vip: true },
      ]);
    } finally {
      await page.close();
    }
  });

  test('data-share-page="false": the context has no page address or title', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${host.origin}/private.html`);
      await page.getByRole('button', { name: /chat/ }).waitFor();
      await page.evaluate(() => {
        const api = (window as unknown as HostWindow).FlexWebchat;
        api.open();
        api.setContext({ plan: 'pro' });
      });
      const frame = await widgetFrame(page);
      await frame.waitForFunction(() => (window as unknown as FixtureWindow).fixture.contexts.length === 2, undefined, {
        polling: 50,
      });
      assert.deepEqual(await frame.evaluate(() => (window as unknown as FixtureWindow).fixture.contexts), [
        {},
        { plan: 'pro' },
      ]);
    } finally {
      await page.close();
    }
  });

  test('commands pushed before the loader ran are not lost; unknown ones (__proto__ too) are skipped with a warning', async () => {
    const page = await browser.newPage();
    const warnings: string[] = [];
    const pageErrors: string[] = [];
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(`${host.origin}/queued.html`);
      // The queued setLocale('fr') ran first: the launcher speaks French.
      await page.getByRole('button', { name: 'Ouvrir le chat' }).click();
      const frame = await widgetFrame(page);
      await page.waitForFunction(() => (window as unknown as { readyFromQueue?: boolean }).readyFromQueue === true);
      await frame.waitForFunction(() => (window as unknown as FixtureWindow).fixture.received.length === 3, undefined, {
        polling: 50,
      });
      assert.deepEqual(await received(page), [
        { type: 'setUser', user: { friendlyName: 'Ada', email: 'ada@example.com', plan: 'pro' }, skipForm: false },
        { type: 'setLocale', locale: 'fr' },
        { type: 'open' },
      ]);
      // After load, push() still works, and still skips what is not a command.
      await page.evaluate(() =>
        (window as unknown as { FlexWebchat: { push(...c: unknown[]): void } }).FlexWebchat.push(
          ['__proto__'],
          ['close'],
        ),
      );
      await page.getByRole('button', { name: 'Ouvrir le chat' }).waitFor();
      assert.deepEqual(pageErrors, []);
      assert.equal(warnings.length, 5, warnings.join('\n'));
      for (const name of ['__proto__', 'constructor', 'hasOwnProperty', 'noSuchCommand']) {
        assert.ok(
          warnings.some((w) => w.includes(name)),
          `a warning names ${name}`,
        );
      }
    } finally {
      await page.close();
    }
  });

  test('loading twice, or again later (SPA), never makes a second launcher or iframe', async () => {
    const page = await load('/twice.html');
    try {
      await page.waitForFunction(
        () => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/loader.js')).length >= 1,
      );
      await page.waitForLoadState('load');
      await page.getByRole('button', { name: 'Open chat' }).click();
      await widgetFrame(page);
      await page.addScriptTag({ url: `${server.origin}/loader.js` });
      await page.addScriptTag({ url: `${server.origin}/loader.js` });
      assert.equal(await page.locator('button').count(), 1);
      assert.equal(await page.locator('iframe').count(), 1);
    } finally {
      await page.close();
    }
  });

  test('destroy removes everything; the loader can start again afterwards', async () => {
    const page = await load('/page.html');
    try {
      await page.getByRole('button', { name: 'Open chat' }).hover();
      await page.getByRole('button', { name: 'Open chat' }).click();
      await widgetFrame(page);
      await page.evaluate(() => (window as unknown as HostWindow).FlexWebchat.destroy());
      const left = await page.evaluate(() => ({
        buttons: document.querySelectorAll('button').length,
        iframes: document.querySelectorAll('iframe').length,
        links: document.querySelectorAll('link').length,
        api: 'FlexWebchat' in window,
      }));
      assert.deepEqual(left, { buttons: 0, iframes: 0, links: 0, api: false });
    } finally {
      await page.close();
    }
  });

  test('data-* options: position, colour, z-index, locale, theme, open on load', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${host.origin}/options.html`);
      // data-open="true"; data-locale="de-CH": the launcher speaks German before the widget loaded.
      await page.getByRole('button', { name: 'Chat schließen' }).waitFor();
      const frame = await widgetFrame(page);
      const launcher = await page.locator('button').evaluate((b) => {
        const s = getComputedStyle(b);
        return { left: b.getBoundingClientRect().left, background: s.backgroundColor, zIndex: s.zIndex };
      });
      assert.deepEqual(launcher, { left: 20, background: 'rgb(102, 51, 153)', zIndex: '500' });
      const box = (await page.locator('iframe').boundingBox())!;
      assert.equal(box.x, 20, 'the panel opens at the left corner');
      const settings = await frame.evaluate(() => (window as unknown as FixtureWindow).fixture.settings);
      // The accent as computed (rgb), which the widget can parse whatever CSS colour the page wrote.
      // open: the panel was open (data-open) when the widget said hello.
      assert.deepEqual(settings, {
        locale: 'de-CH',
        theme: 'light',
        sound: true,
        color: 'rgb(102, 51, 153)',
        open: true,
      });
    } finally {
      await page.close();
    }
  });

  test('invalid data-* values fall back to the defaults', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    try {
      await page.goto(`${host.origin}/bad-options.html`);
      await page.getByRole('button', { name: 'Open chat' }).click();
      const frame = await widgetFrame(page);
      const launcher = await page.locator('button').evaluate((b) => {
        const s = getComputedStyle(b);
        return { right: innerWidth - b.getBoundingClientRect().right, background: s.backgroundColor, zIndex: s.zIndex };
      });
      assert.deepEqual(launcher, { right: 20, background: 'rgb(2, 99, 224)', zIndex: '10000' });
      const settings = await frame.evaluate(() => (window as unknown as FixtureWindow).fixture.settings);
      assert.equal(settings?.theme, 'auto');
      // No data-locale: '' leaves the choice to the widget, which matches the browser's languages itself.
      assert.equal(settings?.locale, '');
      assert.equal(settings?.sound, false, 'data-sound is on only with "true"');
    } finally {
      await page.close();
    }
  });
});

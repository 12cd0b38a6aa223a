/**
 * Who may show the widget and who may talk to the loader: a site not in ALLOWED_ORIGINS cannot
 * frame /widget (not even by claiming an allowed origin), and postMessages from a foreign
 * origin or from a window other than our iframe are ignored.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  hostHtml,
  startFixtureRig,
  startHostServer,
  widgetFrame,
  type FixtureRig,
  type FixtureWindow,
  type HostServer,
  type RunningServer,
} from './support.ts';

describe('loader security', () => {
  let browser: Browser;
  let server: RunningServer;
  let host: HostServer;
  let foreign: HostServer;
  let rig: FixtureRig;

  before(async () => {
    rig = await startFixtureRig();
    ({ browser, server, host } = rig);
    foreign = await startHostServer();
    host.set('/page.html', { body: hostHtml(server.origin) });
    foreign.set('/page.html', { body: hostHtml(server.origin) });
    foreign.set('/spoof.html', { body: '<!doctype html><title>spoof</title>', contentType: 'text/html' });
  });

  after(async () => {
    await foreign?.close();
    await rig?.close();
  });

  /** Waits for Chromium's console report that frame-ancestors refused the frame. */
  function frameRefused(page: Page): Promise<string> {
    return new Promise((resolve) => {
      page.on('console', (message) => {
        if (message.text().includes('frame-ancestors')) resolve(message.text());
      });
    });
  }

  test('a site not in ALLOWED_ORIGINS: the loader hears the refusal, removes itself and logs one error naming ALLOWED_ORIGINS', async () => {
    const page = await browser.newPage();
    try {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      const widgetRequests: string[] = [];
      page.on('request', (r) => {
        if (r.url().startsWith(`${server.origin}/`)) widgetRequests.push(new URL(r.url()).pathname);
      });
      const answer = page.waitForResponse((r) => r.url().startsWith(`${server.origin}/widget`));
      await page.goto(`${foreign.origin}/page.html`);
      await page.getByRole('button', { name: 'Open chat' }).waitFor();
      assert.deepEqual(widgetRequests, ['/loader.js'], 'no request before interaction beyond the loader');
      await page.getByRole('button', { name: 'Open chat' }).click();
      const response = await answer;
      assert.equal(response.status(), 403);
      await page.waitForFunction(() => !document.querySelector('iframe') && !document.querySelector('button'));
      assert.equal(await page.evaluate(() => 'FlexWebchat' in window), false, 'the API is gone too');
      // (Besides Chromium's own "Failed to load resource" lines for the 403 and the page's favicon.)
      const ours = errors.filter((e) => !e.startsWith('Failed to load resource'));
      assert.equal(ours.length, 1, errors.join('\n'));
      assert.match(ours[0]!, /ALLOWED_ORIGINS/);
      assert.ok(ours[0]!.includes(foreign.origin), 'the error names the page origin');
    } finally {
      await page.close();
    }
  });

  test('a refused returning visitor (the flag set) loses the launcher at idle time, before any click', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${foreign.origin}/spoof.html`);
      await page.evaluate(() => localStorage.setItem('flex-webchat', '1'));
      await page.goto(`${foreign.origin}/page.html`);
      await page.waitForFunction(() => !document.querySelector('iframe') && !document.querySelector('button'));
    } finally {
      await page.close();
    }
  });

  test('claiming an allowed origin does not help: the browser enforces frame-ancestors', async () => {
    const page = await browser.newPage();
    try {
      const refused = frameRefused(page);
      await page.goto(`${foreign.origin}/spoof.html`);
      const answer = page.waitForResponse((r) => r.url().startsWith(`${server.origin}/widget`));
      await page.evaluate(
        (src) => {
          const frame = document.createElement('iframe');
          frame.src = src;
          document.body.append(frame);
        },
        `${server.origin}/widget?origin=${encodeURIComponent(host.origin)}`,
      );
      const response = await answer;
      assert.equal(response.status(), 200);
      assert.match(response.headers()['content-security-policy'] ?? '', new RegExp(`frame-ancestors ${host.origin}`));
      assert.match(await refused, /frame-ancestors/);
    } finally {
      await page.close();
    }
  });

  test('postMessages from a foreign origin or from another window are ignored', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${host.origin}/page.html`);
      await page.getByRole('button', { name: 'Open chat' }).waitFor();
      await page.evaluate(() => {
        const w = window as unknown as {
          events: unknown[];
          FlexWebchat: { on(e: string, h: (d: unknown) => void): void };
        };
        w.events = [];
        for (const name of ['ready', 'unreadChange', 'close']) w.FlexWebchat.on(name, (d) => w.events.push([name, d]));
      });
      // Open first, so that a spoofed requestClose would show.
      await page.getByRole('button', { name: 'Open chat' }).click();
      const widget = await widgetFrame(page);

      // Two impostors: a page of the chat server's own origin that is not our iframe, and a
      // foreign origin. Both say hello and send widget messages on window.
      await page.evaluate(
        ([a, b]) => {
          for (const src of [a, b]) {
            const frame = document.createElement('iframe');
            frame.src = src!;
            frame.className = 'impostor';
            document.body.append(frame);
          }
          // And the host window itself (same origin as the page, wrong source).
          window.postMessage({ channel: 'flex-webchat', type: 'hello', version: 1 }, '*');
          window.postMessage({ type: 'unreadChange', count: 7 }, '*');
        },
        [`${server.origin}/assets/spoof.html`, `${foreign.origin}/spoof.html`],
      );
      // The foreign page has no spoof script (it is not the server's); inject the same behaviour.
      const impostors = await page.$$('iframe.impostor');
      const sameOrigin = (await impostors[0]!.contentFrame())!;
      await sameOrigin.waitForFunction(() => 'spoof' in window, undefined, { polling: 50 });
      const foreignFrame = (await impostors[1]!.contentFrame())!;
      await foreignFrame.waitForLoadState();
      await foreignFrame.evaluate(() => {
        parent.postMessage({ channel: 'flex-webchat', type: 'hello', version: 1 }, '*');
        parent.postMessage({ type: 'requestClose' }, '*');
      });

      // Then the real widget speaks, after the impostors: its message arrives, theirs did not.
      await widget.evaluate(() =>
        (window as unknown as FixtureWindow).fixture.send({ type: 'unreadChange', count: 1 }),
      );
      await page.waitForFunction(() =>
        (window as unknown as { events: unknown[][] }).events.some((e) => e[0] === 'unreadChange'),
      );
      const events = await page.evaluate(() => (window as unknown as { events: unknown[] }).events);
      assert.deepEqual(events, [
        ['ready', undefined],
        ['unreadChange', { count: 1 }],
      ]);
      assert.equal(await page.getByRole('button', { name: 'Close chat' }).count(), 1, 'still open: no spoofed close');
      const spoofed = await sameOrigin.evaluate(
        () => (window as unknown as { spoof: { received: unknown[]; ports: number } }).spoof,
      );
      assert.deepEqual(spoofed, { received: [], ports: 0 }, 'the impostor got no connect and no port');
    } finally {
      await page.close();
    }
  });
});

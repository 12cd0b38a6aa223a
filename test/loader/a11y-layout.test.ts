/**
 * Keyboard and focus behaviour, accessible names, and the panel's geometry on desktop and on a
 * 375 × 667 phone viewport.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import {
  hostHtml,
  startFixtureRig,
  widgetFrame,
  type FixtureRig,
  type FixtureWindow,
  type HostServer,
  type RunningServer,
} from './support.ts';

describe('loader accessibility and layout', () => {
  let browser: Browser;
  let server: RunningServer;
  let host: HostServer;
  let rig: FixtureRig;

  before(async () => {
    rig = await startFixtureRig();
    ({ browser, server, host } = rig);
    host.set('/page.html', { body: hostHtml(server.origin), headers: rig.strict });
  });

  after(() => rig?.close());

  test('keyboard: Tab reaches the launcher, Enter opens with focus in the panel, Escape inside closes and focus returns', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${host.origin}/page.html`);
      await page.getByRole('button', { name: 'Open chat' }).waitFor();
      await page.keyboard.press('Tab'); // the host's link
      await page.keyboard.press('Tab'); // the launcher
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Open chat');
      assert.equal(await page.locator('iframe').count(), 1, 'focus warms up: the widget loads, hidden');
      assert.equal(await page.locator('iframe').evaluate((f) => getComputedStyle(f).visibility), 'hidden');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Close chat' }).waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'IFRAME', 'focus moved into the panel');
      const frame = await widgetFrame(page);
      await frame.waitForFunction(() => document.activeElement?.id === 'message', undefined, { polling: 50 }); // the widget focuses its field on `open`
      await page.keyboard.press('Escape'); // inside the iframe: arrives as requestClose
      await page.getByRole('button', { name: 'Open chat' }).waitFor();
      await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Open chat');
      assert.equal(await page.locator('iframe').evaluate((f) => getComputedStyle(f).visibility), 'hidden');
    } finally {
      await page.close();
    }
  });

  test('no keyboard trap: Tab leaves the panel; Escape on the launcher closes it too', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${host.origin}/page.html`);
      await page.getByRole('button', { name: 'Open chat' }).click();
      const frame = await widgetFrame(page);
      await frame.waitForFunction(() => document.activeElement?.id === 'message', undefined, { polling: 50 });
      // The field, the widget's close button, then out of the iframe.
      let left = false;
      for (let i = 0; i < 4 && !left; i++) {
        await page.keyboard.press('Tab');
        left = await page.evaluate(() => document.activeElement?.tagName !== 'IFRAME');
      }
      assert.ok(left, 'focus left the panel');
      await page.getByRole('button', { name: 'Close chat' }).focus();
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Open chat' }).waitFor();
    } finally {
      await page.close();
    }
  });

  test('the launcher takes its names from the widget (with the unread count); the widget close button closes the panel', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${host.origin}/page.html`);
      await page.getByRole('button', { name: 'Open chat' }).click();
      const frame = await widgetFrame(page);
      await page.getByRole('button', { name: 'Close chat' }).click();
      await frame.evaluate(() => {
        const { fixture } = window as unknown as FixtureWindow;
        fixture.send({ type: 'unreadChange', count: 5 });
        // The widget words the names (its locale, the site's overrides); the loader shows them.
        fixture.send({
          type: 'launcherNames',
          open: 'Open chat, 5 unread messages',
          close: 'Hide the chat',
          title: '(5) New messages',
        });
      });
      await page.getByRole('button', { name: 'Open chat, 5 unread messages' }).waitFor();
      await page.getByRole('button', { name: 'Open chat, 5 unread messages' }).click();
      await page.getByRole('button', { name: 'Hide the chat' }).waitFor();
      assert.equal(await page.locator('button b').isHidden(), true, 'no badge while open');
      await frame.locator('#close').click();
      await page.getByRole('button', { name: /^Open chat/ }).waitFor();
    } finally {
      await page.close();
    }
  });

  test('desktop: a 380 × 640 panel at the corner, never larger than the viewport', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${host.origin}/page.html`);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await widgetFrame(page);
      const box = (await page.locator('iframe').boundingBox())!;
      assert.deepEqual(box, { x: 1280 - 20 - 380, y: 800 - 88 - 640, width: 380, height: 640 });
      await page.setViewportSize({ width: 900, height: 500 });
      await page.waitForFunction(() => document.querySelector('iframe')!.getBoundingClientRect().height === 500 - 108);
      const small = (await page.locator('iframe').boundingBox())!;
      assert.ok(small.y >= 0 && small.y + small.height <= 500, 'inside the viewport');
    } finally {
      await page.close();
    }
  });

  test('mobile 375 × 667: the panel is full screen and the launcher sits under it', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    try {
      await page.goto(`${host.origin}/page.html`);
      const launcher = page.getByRole('button', { name: 'Open chat' });
      const closed = (await launcher.boundingBox())!;
      assert.ok(closed.x + closed.width <= 375 && closed.y + closed.height <= 667, 'launcher on screen');
      await launcher.tap();
      await widgetFrame(page);
      const box = (await page.locator('iframe').boundingBox())!;
      assert.deepEqual(box, { x: 0, y: 0, width: 375, height: 667 });
      const top = await page.evaluate(() => document.elementFromPoint(355, 647)?.tagName);
      assert.equal(top, 'IFRAME', 'the panel covers the launcher; the widget closes itself (requestClose)');
    } finally {
      await context.close();
    }
  });
});

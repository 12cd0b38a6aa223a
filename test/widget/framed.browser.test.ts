/**
 * The widget framed by a host page on another origin, talking over the loader channel
 * (a hand-written stand-in for the loader): what the widget tells the host, Escape →
 * requestClose, open/close drive the read horizon. STAND-IN BACK END (scripted session).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser.ts';
import { startWidgetServer, type WidgetTestServer } from './support/widget-server.ts';

let browser: Browser;
let widget: WidgetTestServer;
let host: Server;
let hostUrl = '';

const hostScript = (widgetOrigin: string) => `
window.__fromWidget = [];
const hostOrigin = location.origin;
const frame = document.createElement('iframe');
frame.title = 'Chat';
frame.src = ${JSON.stringify(widgetOrigin)} + '/widget?origin=' + encodeURIComponent(hostOrigin);
frame.width = 380; frame.height = 640;
window.addEventListener('message', (event) => {
  if (event.origin !== ${JSON.stringify(widgetOrigin)} || event.source !== frame.contentWindow) return;
  if (!event.data || event.data.type !== 'hello') return;
  const channel = new MessageChannel();
  channel.port1.onmessage = (e) => window.__fromWidget.push(e.data);
  window.__toWidget = (m) => channel.port1.postMessage(m);
  frame.contentWindow.postMessage({ channel: 'flex-webchat', type: 'connect', version: 1, settings: { locale: 'en-GB', theme: 'dark', color: '#ffcc00' } }, ${JSON.stringify(widgetOrigin)}, [channel.port2]);
});
document.body.append(frame);
`;

/** A host that frames the widget with `fragment` after the URL (as the loader puts its settings) and never answers its hello. */
const silentHostScript = (widgetOrigin: string, fragment: string) => `
window.__hellos = 0;
const frame = document.createElement('iframe');
frame.title = 'Chat';
frame.src = ${JSON.stringify(widgetOrigin)} + '/widget?origin=' + encodeURIComponent(location.origin) + ${JSON.stringify(fragment)};
frame.width = 380; frame.height = 640;
window.addEventListener('message', (event) => { if (event.data && event.data.type === 'hello') window.__hellos++; });
document.body.append(frame);
`;

before(async () => {
  browser = await launchChromium();
  widget = await startWidgetServer({ scripted: true });
  const widgetOrigin = widget.url;
  host = createServer((req, res) => {
    if (req.url === '/host.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(hostScript(widgetOrigin));
      return;
    }
    if (req.url?.startsWith('/silent.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(silentHostScript(widgetOrigin, new URL(req.url, 'http://host').searchParams.get('fragment') ?? ''));
      return;
    }
    const script = req.url?.startsWith('/silent') ? `/silent.js${req.url.slice('/silent'.length)}` : '/host.js';
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html><body><script src="${script}" defer></script></body></html>`);
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;
});
after(async () => {
  await browser?.close();
  await widget?.close();
  await new Promise<void>((r) => host.close(() => r()));
});

test('framed: ready, theme and accent via CSSOM, conversationStarted/session, unread, Escape → requestClose', async () => {
  const page = await browser.newPage();
  await page.goto(`${hostUrl}/`);
  const fromWidget = () =>
    page.evaluate(() => (window as unknown as { __fromWidget: { type: string }[] }).__fromWidget);
  await page.waitForFunction(() =>
    (window as unknown as { __fromWidget: { type: string }[] }).__fromWidget.some((m) => m.type === 'ready'),
  );
  const frame = page.frameLocator('iframe[title="Chat"]');
  const theme = await frame
    .locator('html')
    .evaluate((el) => [
      el.dataset.theme,
      el.style.getPropertyValue('--accent'),
      el.style.getPropertyValue('--on-accent'),
    ]);
  assert.deepEqual(theme, ['dark', 'rgb(255 204 0)', '#000000']);

  await page.evaluate(() => (window as unknown as { __toWidget: (m: unknown) => void }).__toWidget({ type: 'open' }));
  await frame.getByLabel('Name').fill('Ann');
  await frame.getByLabel('How can we help?').fill('Hello');
  await frame.getByRole('button', { name: 'Start chat' }).click();
  await frame.getByRole('log', { name: 'Messages' }).waitFor();
  await page.waitForFunction(() =>
    (window as unknown as { __fromWidget: { type: string; active?: boolean }[] }).__fromWidget.some(
      (m) => m.type === 'session' && m.active,
    ),
  );
  const started = (await fromWidget()).filter((m) => m.type === 'conversationStarted' || m.type === 'session');
  assert.deepEqual(started[0], { type: 'session', active: false }, 'at boot, with no session to resume');
  assert.equal(started[1]?.type, 'conversationStarted');
  assert.deepEqual(started[2], { type: 'session', active: true });

  // Closed panel: inbound messages count as unread and reach the host as `message` events.
  await page.evaluate(() => (window as unknown as { __toWidget: (m: unknown) => void }).__toWidget({ type: 'close' }));
  const widgetFrame = page.frames().find((f) => f.url().startsWith(widget.url))!;
  await widgetFrame.evaluate(
    `window.__scripted.join('agent-1', 'Alex'); window.__scripted.add('agent-1', 'Are you there?')`,
  );
  await page.waitForFunction(() =>
    (window as unknown as { __fromWidget: { type: string; count?: number }[] }).__fromWidget.some(
      (m) => m.type === 'unreadChange' && m.count === 1,
    ),
  );
  assert.ok(
    (await fromWidget()).some(
      (m) => JSON.stringify(m) === JSON.stringify({ type: 'message', author: 'Alex', body: 'Are you there?' }),
    ),
  );
  await page.evaluate(() => (window as unknown as { __toWidget: (m: unknown) => void }).__toWidget({ type: 'open' }));
  await page.waitForFunction(() => {
    const list = (window as unknown as { __fromWidget: { type: string; count?: number }[] }).__fromWidget.filter(
      (m) => m.type === 'unreadChange',
    );
    return list[list.length - 1]?.count === 0;
  });
  await frame.getByText('New messages').waitFor();

  await frame.getByRole('textbox', { name: 'Type a message' }).press('Escape');
  await page.waitForFunction(() =>
    (window as unknown as { __fromWidget: { type: string }[] }).__fromWidget.some((m) => m.type === 'requestClose'),
  );
  await page.close();
});

test('the loader’s settings in the URL fragment: the first view renders in their locale, theme and accent before any handshake', async () => {
  const page = await browser.newPage();
  const settings = encodeURIComponent(JSON.stringify({ locale: 'de', theme: 'dark', color: 'rgb(255, 204, 0)' }));
  await page.goto(`${hostUrl}/silent?fragment=${encodeURIComponent(`#${settings}`)}`);
  const frame = page.frameLocator('iframe[title="Chat"]');
  await frame.getByRole('button', { name: 'Chat starten' }).waitFor();
  const theme = await frame
    .locator('html')
    .evaluate((el) => [el.getAttribute('lang'), el.dataset.theme, el.style.getPropertyValue('--accent')]);
  assert.deepEqual(theme, ['de', 'dark', 'rgb(255 204 0)']);
  // It still said hello: the channel is only ever the pinned connect, which this host never sent.
  assert.equal(await page.evaluate(() => (window as unknown as { __hellos: number }).__hellos), 1);
  await page.close();
});

test('a malformed or hostile fragment is ignored: the widget waits for the host as before, then renders in the browser’s language', async () => {
  const fragments = [
    '#not-json',
    `#${encodeURIComponent(JSON.stringify({ locale: 'de', theme: 'neon' }))}`,
    `#${encodeURIComponent(JSON.stringify({ locale: 'de', theme: 'dark', color: { toString: 1 } }))}`,
    `#${encodeURIComponent('{"__proto__":{"theme":"dark"},"locale":"de"}')}`,
  ];
  await Promise.all(
    fragments.map(async (fragment) => {
      const page = await browser.newPage({ locale: 'en-US' });
      await page.goto(`${hostUrl}/silent?fragment=${encodeURIComponent(fragment)}`);
      const frame = page.frameLocator('iframe[title="Chat"]');
      // English: the fragment's German was not taken (the first render came from the fallback wait).
      await frame.getByRole('button', { name: 'Start chat' }).waitFor();
      assert.equal(await frame.locator('html').evaluate((el) => el.dataset.theme), 'auto', fragment);
      await page.close();
    }),
  );
});

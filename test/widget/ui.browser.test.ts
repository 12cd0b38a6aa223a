/**
 * The widget UI in Chromium, built from dist/public and served under a strict CSP.
 * Scripted back end, for speed and for rare states: the SDK chunk is replaced by the scripted
 * conversation (support/page-backend.ts); /api/webchat/* answers are scripted by the test server.
 * The same flows on the real SDK, server and emulator: test/e2e/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { cspViolations, launchChromium, watchPage } from './support/browser.ts';
import { startWidgetServer, type WidgetTestServer } from './support/widget-server.ts';

let browser: Browser;
let server: WidgetTestServer;

before(async () => {
  browser = await launchChromium();
  server = await startWidgetServer({ scripted: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openWidget(setup?: (page: Page) => Promise<void>): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = await watchPage(page);
  if (setup) await setup(page);
  await page.goto(`${server.url}/widget`);
  return { page, errors };
}

async function startChat(page: Page, name = 'Ann', question = 'Where is my order?'): Promise<void> {
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('How can we help?').fill(question);
  await page.getByRole('button', { name: 'Start chat' }).click();
  await page.getByRole('log', { name: 'Messages' }).waitFor();
}

/** Runs a function against the scripted conversation in the page. */
function scripted<T>(page: Page, fn: string): Promise<T> {
  return page.evaluate<T>(`(async (c) => { ${fn} })(window.__scripted)`);
}

describe('widget UI in Chromium (scripted back end)', () => {
  test('the page has no inline script or style and keeps the config marker contract', async () => {
    const { page, errors } = await openWidget();
    await page.getByRole('button', { name: 'Start chat' }).waitFor();
    const inline = await page.evaluate(() => ({
      scripts: [...document.scripts].filter((s) => !s.src && s.type !== 'application/json').length,
      styles: document.querySelectorAll('style, [style]').length,
    }));
    assert.deepEqual(inline, { scripts: 0, styles: 0 });
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('form: labelled default fields, announced validation, Enter submits, values reach /init', async () => {
    const { page, errors } = await openWidget();
    await page.getByRole('button', { name: 'Start chat' }).click();
    const alerts = page.getByRole('alert');
    await alerts.filter({ hasText: 'Please enter your name.' }).waitFor();
    await alerts.filter({ hasText: 'Please tell us how we can help.' }).waitFor();
    assert.equal(
      await page.getByLabel('Name').evaluate((el) => el === document.activeElement),
      true,
      'focus goes to the first bad field',
    );
    await page.getByLabel('Name').fill('Ann');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('How can we help?').fill('Where is my order?');
    await page.getByLabel('How can we help?').press('Enter');
    await alerts.filter({ hasText: 'Please enter an email address like name@example.com.' }).waitFor();
    await page.getByLabel('Email').fill('ann@example.com');
    const before = server.requests.length;
    await page.getByLabel('Email').press('Enter');
    await page.getByRole('log', { name: 'Messages' }).waitFor();
    const init = server.requests.slice(before).find((r) => r.path === '/api/webchat/init');
    assert.deepEqual(init?.body, {
      friendlyName: 'Ann',
      question: 'Where is my order?',
      preEngagementData: { email: 'ann@example.com' },
    });
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('chat: agent name, typing, reply, "You", "Read", links as text, composer Enter / Shift+Enter', async () => {
    const { page, errors } = await openWidget();
    await startChat(page);
    await scripted(page, `c.add('Concierge', 'Welcome Ann! An agent will be with you in just a moment.')`);
    const log = page.getByRole('log', { name: 'Messages' });
    await log.getByText('Concierge').waitFor();
    await scripted(page, `c.join('agent-7', 'Alex'); c.typing('agent-7', true)`);
    await page.getByText('Alex is typing…').waitFor();
    await scripted(page, `c.add('agent-7', 'Hi! See https://example.com/help or <img src=x onerror=alert(1)>')`);
    await log.getByText('Alex', { exact: true }).waitFor();
    const link = log.getByRole('link', { name: 'https://example.com/help' });
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await log.locator('img').count(), 0, 'no HTML from a message reaches the DOM');
    await log.getByText('<img src=x onerror=alert(1)>', { exact: false }).waitFor();
    assert.equal(await page.getByText('Alex is typing…').count(), 0);

    const composer = page.getByRole('textbox', { name: 'Type a message' });
    await composer.fill('line one');
    await composer.press('Shift+Enter');
    await composer.pressSequentially('line two');
    assert.equal(await composer.inputValue(), 'line one\nline two');
    await composer.press('Enter');
    await log.getByText('You', { exact: true }).waitFor();
    await page.waitForFunction(
      () => (window as unknown as { __scripted: { received: string[] } }).__scripted.received.length === 1,
    );
    assert.deepEqual(await scripted(page, 'return c.received'), ['line one\nline two']);
    assert.equal(await composer.inputValue(), '');
    const ownIndex = await scripted<number>(page, 'return c.messages.at(-1).index');
    await scripted(page, `c.read(${ownIndex})`);
    await log.getByText('Read', { exact: true }).waitFor();
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('a long history: opens at the latest; older messages load on scroll keeping the view in place; off-screen blocks skip rendering yet stay findable', async () => {
    const { page, errors } = await openWidget(async (p) => {
      await p.addInitScript(() => {
        const w = window as unknown as { __scriptedSeed: number; __scriptedSeedAuthors: string[] };
        w.__scriptedSeed = 400;
        w.__scriptedSeedAuthors = ['agent-a', 'agent-b'];
      });
    });
    await startChat(page);
    const log = page.getByRole('log', { name: 'Messages' });
    await log.getByText('History 399', { exact: true }).waitFor();
    await page.waitForFunction(() => {
      const el = document.querySelector('.log')!;
      return el.scrollHeight - el.scrollTop - el.clientHeight <= 1;
    });
    assert.equal(await log.locator('.message').count(), 30, 'the first page only');

    // Scroll to the top: the message at the top stays where it was while older ones are prepended
    // (a page of 100 shown 25 at a time, a jump to the top counting as a fast scroll up).
    const before = await page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('.log')!;
      el.scrollTop = 0;
      const first = el.querySelector<HTMLElement>('.message')!;
      return {
        key: first.getAttribute('data-key')!,
        offset: first.getBoundingClientRect().top - el.getBoundingClientRect().top,
      };
    });
    await page.waitForFunction(() => document.querySelectorAll('.log .message').length > 30);
    await page.getByText('Loading earlier messages…').waitFor({ state: 'hidden' });
    const after = await page.evaluate((key) => {
      const el = document.querySelector<HTMLElement>('.log')!;
      const same = el.querySelector<HTMLElement>(`.message[data-key="${key}"]`)!;
      return same.getBoundingClientRect().top - el.getBoundingClientRect().top;
    }, before.key);
    assert.ok(Math.abs(after - before.offset) <= 1, `kept in place: ${before.offset} → ${after}`);

    // Back to the top until a whole older page is in: blocks between the oldest and the newest
    // are skipped while off screen.
    await page.waitForFunction(
      () => {
        const el = document.querySelector<HTMLElement>('.log')!;
        if (el.textContent.includes('History 270')) return true;
        el.scrollTop = 0;
        return false;
      },
      undefined,
      { polling: 100 },
    );
    const far = log.locator('.block.far');
    assert.ok((await far.count()) > 0, 'older blocks are marked far');
    assert.equal(await far.first().evaluate((el) => getComputedStyle(el).contentVisibility), 'auto');

    // Off-screen, not rendered, still found by find in page.
    assert.equal(
      await page.evaluate(() => {
        // window.find searches from the focus: out of "Type a message" (focused when the chat appeared).
        (document.activeElement as HTMLElement | null)?.blur();
        getSelection()?.removeAllRanges();
        return (window as unknown as { find(text: string): boolean }).find('History 275');
      }),
      true,
    );
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('scrolled up just before a message renders (its scroll event not yet dispatched): the log stays put and offers "New messages ↓"', async () => {
    const { page, errors } = await openWidget();
    await startChat(page);
    await scripted(page, `c.join('agent-7', 'Alex')`);
    for (let i = 1; i <= 20; i++)
      await scripted(
        page,
        `c.add('agent-7', 'Reply ${i}: ' + 'we are checking the parcel with the carrier. '.repeat(4))`,
      );
    const log = page.getByRole('log', { name: 'Messages' });
    await log.getByText('Reply 20:', { exact: false }).waitFor();
    const fromBottom = () =>
      page.evaluate(() => {
        const el = document.querySelector('.log')!;
        return el.scrollHeight - el.scrollTop - el.clientHeight;
      });
    await page.waitForFunction(() => {
      const el = document.querySelector('.log')!;
      return el.scrollHeight - el.scrollTop - el.clientHeight <= 1;
    });
    // The visitor scrolls up and a message arrives in the same task: the scroll event comes only with
    // the next frame, after the message has rendered.
    await scripted(page, `document.querySelector('.log').scrollTop = 0; c.add('agent-7', 'Anything else?')`);
    await log.getByText('Anything else?').waitFor();
    await page.getByRole('button', { name: 'New messages' }).waitFor();
    assert.ok((await fromBottom()) > 100, 'the log stayed where the visitor scrolled to');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('never lose a message: "Reconnecting…", "Sending…", delivered once in order on reconnect', async () => {
    const { page, errors } = await openWidget();
    await startChat(page);
    await scripted(page, `c.setConnection('disconnected')`);
    await page.getByText('Reconnecting…').waitFor();
    const composer = page.getByRole('textbox', { name: 'Type a message' });
    for (const text of ['first', 'second', 'third']) {
      await composer.fill(text);
      await composer.press('Enter');
    }
    assert.equal(await page.getByText('Sending…').count(), 3);
    await scripted(page, `c.setConnection('connected')`);
    await page.waitForFunction(() => document.querySelectorAll('.pending').length === 0);
    assert.deepEqual(await scripted(page, 'return c.received'), ['first', 'second', 'third']);
    assert.equal(await page.getByText('Reconnecting…').count(), 0);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('a send refused for good shows "Not sent — Retry", and Retry delivers it', async () => {
    const { page } = await openWidget();
    await startChat(page);
    await scripted(page, `c.refuseSends = 'refused'`);
    const composer = page.getByRole('textbox', { name: 'Type a message' });
    await composer.fill('please arrive');
    await composer.press('Enter');
    await page.getByText('Not sent — Retry').waitFor();
    await scripted(page, `c.refuseSends = undefined`);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.pending').length === 0);
    assert.deepEqual(await scripted(page, 'return c.received'), ['please arrive']);
    await page.context().close();
  });

  test("init errors: 502 shows the server's message, 429 the wait; Retry works", async () => {
    const { page } = await openWidget();
    server.initAnswers.push(
      { status: 502, body: { error: { code: 'upstream_error', message: 'Twilio error 20003: Authenticate' } } },
      {
        status: 429,
        body: { error: { code: 'rate_limited', message: 'Too many requests' } },
        headers: { 'retry-after': '12' },
      },
    );
    await page.getByLabel('Name').fill('Ann');
    await page.getByLabel('How can we help?').fill('Hello');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'We could not start the chat. Twilio error 20003: Authenticate' })
      .waitFor();
    await page.getByRole('button', { name: 'Retry' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Too many attempts. Please wait 12 seconds and try again.' })
      .waitFor();
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('log', { name: 'Messages' }).waitFor();
    await page.context().close();
  });

  test('storage denied: a visible note, and the chat still works', async () => {
    const { page, errors } = await openWidget(async (p) => {
      // A string, not a function: tsx would wrap named functions in a helper the page lacks.
      await p.addInitScript(`{
        const deny = () => { throw new DOMException("Failed to read the 'localStorage' property from 'Window': Access is denied", 'SecurityError'); };
        Object.defineProperty(window, 'localStorage', { get: deny, configurable: true });
        Object.defineProperty(window, 'sessionStorage', { get: deny, configurable: true });
      }`);
    });
    await page.getByText('This browser blocks storage for the chat').waitFor();
    await startChat(page);
    const composer = page.getByRole('textbox', { name: 'Type a message' });
    await composer.fill('still here');
    await composer.press('Enter');
    await page.waitForFunction(
      () => (window as unknown as { __scripted: { received: string[] } }).__scripted.received.length === 1,
    );
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('ended: "This conversation has ended.", composer gone, "Start new chat" shows the form prefilled', async () => {
    const { page } = await openWidget();
    await startChat(page, 'Bea');
    await scripted(page, `c.end('closed')`);
    await page.getByText('This conversation has ended.').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Type a message' }).count(), 0);
    await page.getByRole('button', { name: 'Start new chat' }).click();
    await page.getByRole('button', { name: 'Start chat' }).waitFor();
    assert.equal(await page.getByLabel('Name').inputValue(), 'Bea');
    assert.equal(await page.getByLabel('How can we help?').inputValue(), '');
    const stored = await page.evaluate(() => localStorage.getItem('flex-webchat:session'));
    assert.equal(stored, null);
    await page.context().close();
  });

  test('attachments: type checked before upload; PDF chip and image thumbnail', async () => {
    const { page, errors } = await openWidget();
    await startChat(page);
    const picker = page.locator('input[type=file]');
    await picker.setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<b>x</b>') });
    await page.getByRole('alert').filter({ hasText: 'page.html is not an allowed file type' }).waitFor();
    await picker.setInputFiles({
      name: 'invoice.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 test'),
    });
    await page.getByRole('button', { name: 'Remove invoice.pdf' }).waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('link', { name: 'Download invoice.pdf' }).waitFor();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    await picker.setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: png });
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('img', { name: 'Image: photo.jpg' }).waitFor();
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('direction controls in file and author names are not rendered (no "invoice…exe.pdf" spoof)', async () => {
    const { page, errors } = await openWidget();
    await startChat(page);
    const rlo = '\u202E';
    await scripted(
      page,
      `c.join('agent-7', 'Al\u2067ex\u2069'); c.typing('agent-7', true);
       c.add('agent-7', '', { media: [{ sid: 'ME1', filename: 'invoice${rlo}fdp.exe', contentType: 'application/x-msdownload', size: 2048 }] })`,
    );
    const chip = page.getByRole('link', { name: 'Download invoicefdp.exe' });
    await chip.waitFor();
    const controls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
    const shown = await chip.evaluate((a) => ({
      text: a.textContent ?? '',
      download: a.getAttribute('download') ?? '',
    }));
    assert.doesNotMatch(shown.text, controls);
    assert.match(shown.text, /invoicefdp\.exe/);
    assert.equal(shown.download, 'invoicefdp.exe');
    const log = page.getByRole('log', { name: 'Messages' });
    assert.doesNotMatch((await log.locator('.author').allTextContents()).join(' '), controls);
    assert.doesNotMatch(await page.locator('[aria-live="polite"]').last().innerText(), controls);

    // The visitor's own file (its name is shown while it is chosen and while it is sent).
    await page.locator('input[type=file]').setInputFiles({
      name: `report${rlo}fdp.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from('notes'),
    });
    const chosen = page.locator('.selected-file');
    await chosen.getByRole('button', { name: 'Remove reportfdp.txt' }).waitFor();
    assert.doesNotMatch(await chosen.innerText(), controls);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('the draft survives a reload', async () => {
    const { page } = await openWidget();
    await startChat(page);
    await page.getByRole('textbox', { name: 'Type a message' }).fill('half a thought');
    await page.reload();
    await page.getByRole('textbox', { name: 'Type a message' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Type a message' }).inputValue(), 'half a thought');
    await page.context().close();
  });
});

/**
 * The visitor's experience on the real stack (demo host page → loader → widget with the real SDK →
 * server → emulator): where focus goes, what the log shows after reopening and through size
 * changes, the attachment chip, the launcher and panel on the host page, natural validation
 * messages, and axe-core on the widget in light and dark themes and on a phone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { useRealStack } from '../support/fixtures.ts';
import { contrastRatio, parseColor } from '../../widget/ui/theme.ts';
import { makePdf, makePng } from '../../scripts/harness/files.ts';
import { axeViolations, widgetFrame } from './support/axe.ts';
import { collectPageErrors, messageLog, openPanel, say, startChat, waitFor, widget } from './support/e2e.ts';
import { hostPageWith } from './support/host-page.ts';

const rig = useRealStack({ emulator: { autoAgent: false } });

/** The aria-label (or id) of the element focused inside the widget, once the host's focus is in the iframe. */
async function focusedInWidget(page: Page, frame: Frame): Promise<string | undefined> {
  const hostFocus = await page.evaluate(() => document.activeElement?.tagName);
  if (hostFocus !== 'IFRAME') return undefined;
  return frame.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute('aria-label') ?? (el?.id || el?.tagName);
  });
}

async function conversationSid(question: string): Promise<string> {
  return waitFor(`the conversation "${question}"`, async () => {
    for (const c of await rig.flex.conversations()) {
      const full = await rig.flex.conversation(c.sid);
      if (full.messages.some((m) => m.body === question)) return c.sid;
    }
    return undefined;
  });
}

/** The log's scroll state and where an element of it sits in its viewport. */
function logGeometry(frame: Frame, selector?: string) {
  return frame.evaluate((sel) => {
    const log = document.querySelector<HTMLElement>('[role="log"]')!;
    const box = log.getBoundingClientRect();
    const el = sel ? [...log.querySelectorAll<HTMLElement>(sel)].pop() : undefined;
    const r = el?.getBoundingClientRect();
    return {
      fromBottom: log.scrollHeight - log.scrollTop - log.clientHeight,
      top: box.top,
      bottom: box.bottom,
      element: r ? { top: r.top, bottom: r.bottom } : undefined,
    };
  }, selector);
}

const longText = (n: number): string =>
  `Reply ${n}: ` + 'we are checking the parcel with the carrier and will tell you as soon as we know more. '.repeat(3);

test('focus: the first invalid field on a refused form, then "Type a message" after "Start chat", on reopening and after a reload; natural validation messages', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const errors = collectPageErrors(context);
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  const w = await openPanel(page);
  const frame = await widgetFrame(page);
  await w.getByRole('button', { name: 'Start chat' }).click();
  await w.getByText('Please enter your name.').waitFor();
  await w.getByText('Please tell us how we can help.').waitFor();
  assert.equal(await w.getByText('is required').count(), 0, 'no "X is required." wording');
  assert.equal(await focusedInWidget(page, frame), 'field-friendlyName', 'focus on the first invalid field');
  await w.getByLabel('Email').fill('not-an-address');
  await w.getByLabel('Name').fill('Flo');
  await w.getByRole('button', { name: 'Start chat' }).click();
  await w.getByText('Please enter an email address like name@example.com.').waitFor();
  assert.equal(await focusedInWidget(page, frame), 'field-email');
  await w.getByLabel('Email').fill('');

  await startChat(page, { name: 'Flo', question: 'Focus please' });
  await waitFor('focus in "Type a message" once the chat view appears', async () =>
    (await focusedInWidget(page, frame)) === 'Type a message' ? true : undefined,
  );

  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^Open chat/ }).waitFor();
  await page.getByRole('button', { name: /^Open chat/ }).click();
  await waitFor('focus in "Type a message" on reopening', async () =>
    (await focusedInWidget(page, frame)) === 'Type a message' ? true : undefined,
  );

  await page.reload();
  await openPanel(page);
  const reloaded = await widgetFrame(page);
  await waitFor('focus in "Type a message" after reload and open', async () =>
    (await focusedInWidget(page, reloaded)) === 'Type a message' ? true : undefined,
  );

  // The header's close button: a focus ring that shows on the accent header (3:1 at least).
  await page.keyboard.press('Shift+Tab'); // keyboard modality for :focus-visible
  const close = widget(page).getByRole('button', { name: 'Close chat' });
  await close.focus();
  const ring = await close.evaluate((el) => {
    const style = getComputedStyle(el);
    return {
      outline: style.outlineStyle === 'none' ? undefined : style.outlineColor,
      width: parseFloat(style.outlineWidth),
      header: getComputedStyle(el.closest('header')!).backgroundColor,
    };
  });
  assert.ok(ring.outline && ring.width >= 2, `a visible outline on the close button: ${JSON.stringify(ring)}`);
  const contrast = contrastRatio(parseColor(ring.outline)!, parseColor(ring.header)!);
  assert.ok(contrast >= 3, `close button focus ring contrast ${contrast.toFixed(2)} on the header`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('reopening with unread: the first unread message is fully visible; with more than fit, "New messages" sits at the top', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  await startChat(page, { name: 'Gil', question: 'Unread please' });
  const sid = await conversationSid('Unread please');
  await rig.flex.agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  for (let i = 1; i <= 6; i++) await rig.flex.agentSays(sid, longText(i));
  await messageLog(page).getByText('Reply 6:', { exact: false }).waitFor();

  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^Open chat/ }).waitFor();
  await rig.flex.agentSays(sid, longText(7) + '\n\nThe last line of reply 7.');
  await page.getByRole('button', { name: 'Open chat, 1 unread message' }).waitFor();
  await page.getByRole('button', { name: /^Open chat/ }).click();
  const frame = await widgetFrame(page);
  await messageLog(page).getByText('New messages', { exact: true }).waitFor();
  const one = await waitFor('the log to settle', async () => {
    const g = await logGeometry(frame, '.message');
    return g.element ? g : undefined;
  });
  assert.ok(
    one.element!.top >= one.top - 1 && one.element!.bottom <= one.bottom + 1,
    `the unread message is fully visible: ${JSON.stringify(one)}`,
  );

  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^Open chat/ }).waitFor();
  for (let i = 8; i <= 16; i++) await rig.flex.agentSays(sid, longText(i));
  await page.getByRole('button', { name: 'Open chat, 9 unread messages' }).waitFor();
  await page.getByRole('button', { name: /^Open chat/ }).click();
  await messageLog(page).getByText('New messages', { exact: true }).waitFor();
  const many = await logGeometry(frame, '.divider');
  assert.ok(
    many.element && many.element.top >= many.top - 1 && many.element.top <= many.top + 24,
    `"New messages" at the top of the log: ${JSON.stringify(many)}`,
  );
  await messageLog(page).getByText('Reply 8:', { exact: false }).waitFor();
  await context.close();
});

test('the log stays at the bottom through an image loading, a resize and the ended footer; scrolled up, a "New messages ↓" pill', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  await startChat(page, { name: 'Hal', question: 'Bottom please' });
  const sid = await conversationSid('Bottom please');
  const frame = await widgetFrame(page);
  await rig.flex.agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  for (let i = 1; i <= 5; i++) await rig.flex.agentSays(sid, longText(i));
  await messageLog(page).getByText('Reply 5:', { exact: false }).waitFor();

  await rig.flex.agentSays(sid, '', {
    filename: 'tall.png',
    contentType: 'image/png',
    bytes: makePng(120, 400, [30, 90, 160]),
  });
  const image = messageLog(page).getByRole('img', { name: 'Image: tall.png' });
  await image.waitFor();
  await waitFor('the image to load', () =>
    image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 120),
  );
  await waitFor('the log at the bottom after the image loaded', async () => (await logGeometry(frame)).fromBottom <= 2);

  // At the bottom already: wait for the resize to reach the log, then for the log at the bottom.
  const tall = await logGeometry(frame);
  await page.setViewportSize({ width: 1280, height: 620 });
  await waitFor('the log at the bottom after a resize', async () => {
    const g = await logGeometry(frame);
    return g.bottom - g.top < tall.bottom - tall.top - 100 && g.fromBottom <= 2;
  });

  // Scrolled up: a new message does not move the log, even one that renders before the scroll
  // event is dispatched (the next frame); the pill takes the visitor down.
  await frame.evaluate(() => {
    document.querySelector('[role="log"]')!.scrollTop = 0;
  });
  await rig.flex.agentSays(sid, 'Anything else?');
  const pill = widget(page).getByRole('button', { name: 'New messages' });
  await pill.waitFor();
  assert.equal(await pill.innerText(), 'New messages ↓');
  assert.ok((await logGeometry(frame)).fromBottom > 100, 'the log stayed where the visitor was');
  await pill.click();
  await waitFor('the log at the bottom after the pill', async () => (await logGeometry(frame)).fromBottom <= 2);
  await pill.waitFor({ state: 'detached' });

  await rig.flex.agentSays(sid, 'Thanks for chatting with us, goodbye!');
  await messageLog(page).getByText('goodbye!', { exact: false }).waitFor();
  await rig.flex.setState(sid, 'closed');
  await widget(page).getByText('This conversation has ended.').waitFor();
  await waitFor('the log at the bottom above the ended footer', async () => (await logGeometry(frame)).fromBottom <= 2);
  const last = await logGeometry(frame, '.message');
  assert.ok(last.element!.bottom <= last.bottom + 1, `the last message is not clipped: ${JSON.stringify(last)}`);
  await context.close();
});

test('the pending attachment: an × button named "Remove <file>", the long name cut in the middle keeping its extension', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  const w = await openPanel(page);
  await startChat(page, { name: 'Ida', question: 'Chip please' });
  const name = 'invoice-2024-very-long-file-name-for-the-march-quarter-and-more.pdf';
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    w.getByRole('button', { name: 'Attach file' }).click(),
  ]);
  await chooser.setFiles({ name, mimeType: 'application/pdf', buffer: makePdf('Invoice') });
  const remove = w.getByRole('button', { name: `Remove ${name}` });
  await remove.waitFor();
  assert.doesNotMatch(await remove.innerText(), /Remove/, 'the accessible name is not shown as text');
  const chip = w.locator('.selected-file');
  const shown = await chip.locator('.chip-name').innerText();
  assert.match(shown, /…/, `the name is cut: ${shown}`);
  assert.match(shown, /\.pdf$/, 'the extension is kept');
  assert.ok(shown.startsWith('invoice-'), 'the start is kept');
  const box = (await chip.boundingBox())!;
  assert.ok(box.height < 56, `the chip is one line (${box.height}px)`);
  await remove.click();
  await chip.waitFor({ state: 'detached' });
  await context.close();
});

test('axe-core: no violations in the widget (form, validation errors, live chat with files, a file about to be sent, ended) in light and dark themes, on a desktop and at 390 × 844', async () => {
  for (const [scheme, viewport] of [
    ['light', { width: 1280, height: 800 }],
    ['dark', { width: 1280, height: 800 }],
    ['light', { width: 390, height: 844 }],
    ['dark', { width: 390, height: 844 }],
  ] as const) {
    const context = await rig.browser.newContext({ viewport, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    const w = await openPanel(page);
    const frame = await widgetFrame(page);
    const where = `${scheme} ${viewport.width}×${viewport.height}`;
    await w.getByRole('button', { name: 'Start chat' }).waitFor();
    assert.deepEqual(await axeViolations(frame), [], `form, ${where}`);
    await w.getByRole('button', { name: 'Start chat' }).click();
    await w.getByText('Please enter your name.').waitFor();
    assert.deepEqual(await axeViolations(frame), [], `validation errors, ${where}`);
    const question = `Axe ${where}`;
    await startChat(page, { name: 'Jo', question });
    const sid = await conversationSid(question);
    await rig.flex.agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
    await rig.flex.agentSays(sid, 'Here is your invoice.', {
      filename: 'invoice.pdf',
      contentType: 'application/pdf',
      bytes: makePdf('Invoice'),
    });
    await rig.flex.agentSays(sid, '', {
      filename: 'parcel.png',
      contentType: 'image/png',
      bytes: makePng(20, 10, [1, 2, 3]),
    });
    await messageLog(page)
      .getByRole('link', { name: /invoice\.pdf/ })
      .waitFor();
    await messageLog(page).getByRole('img', { name: 'Image: parcel.png' }).waitFor();
    assert.deepEqual(await axeViolations(frame), [], `live chat with files, ${where}`);
    // A file chosen, not sent yet: its chip (name, size, × "Remove …") in the composer.
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      w.getByRole('button', { name: 'Attach file' }).click(),
    ]);
    await chooser.setFiles({ name: 'receipt-photo.png', mimeType: 'image/png', buffer: makePng(8, 8, [9, 9, 9]) });
    await w.getByRole('button', { name: 'Remove receipt-photo.png' }).waitFor();
    assert.deepEqual(await axeViolations(frame), [], `a file about to be sent, ${where}`);
    await say(page, 'Thank you');
    await messageLog(page).getByText('Thank you').waitFor();
    await messageLog(page).getByRole('img', { name: 'Image: receipt-photo.png' }).waitFor();
    assert.deepEqual(await axeViolations(frame), [], `live chat with files both ways, ${where}`);
    await rig.flex.setState(sid, 'closed');
    await w.getByText('This conversation has ended.').waitFor();
    assert.deepEqual(await axeViolations(frame), [], `ended, ${where}`);
    await context.close();
  }
});

test('the launcher: its icon contrasts with data-color, a shadow, hover and pressed states; the panel has a visible edge', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await hostPageWith(page, rig.stack.hostUrl, { color: '#ffd400' });
  const launcher = page.getByRole('button', { name: 'Open chat' });
  await launcher.waitFor();
  const look = () =>
    launcher.evaluate((el) => {
      const style = getComputedStyle(el);
      return {
        background: style.backgroundColor,
        icon: getComputedStyle(el.querySelector('svg')!).fill,
        shadow: style.boxShadow,
        transform: style.transform,
        filter: style.filter,
        isLast: [...document.querySelectorAll('button')].pop() === el,
      };
    });
  const rest = await look();
  const ratio = contrastRatio(parseColor(rest.icon)!, parseColor(rest.background)!);
  assert.ok(ratio >= 3, `icon ${rest.icon} on ${rest.background}: ${ratio.toFixed(2)}:1`);
  assert.notEqual(rest.shadow, 'none', 'the launcher has a shadow');
  assert.ok(rest.isLast, 'the launcher stays the last button the page has');
  await launcher.hover();
  const hovered = await look();
  assert.notDeepEqual(
    [hovered.transform, hovered.shadow, hovered.filter],
    [rest.transform, rest.shadow, rest.filter],
    'a hover state',
  );
  await page.mouse.down();
  const pressed = await look();
  assert.notDeepEqual(
    [pressed.transform, pressed.shadow, pressed.filter],
    [hovered.transform, hovered.shadow, hovered.filter],
    'a pressed state',
  );
  await page.mouse.up();
  await page.getByRole('button', { name: 'Close chat' }).waitFor();
  const edge = await page.locator('iframe[title="Chat"]').evaluate((f) => {
    const style = getComputedStyle(f);
    return { shadow: style.boxShadow, border: style.borderTopStyle };
  });
  assert.ok(
    edge.shadow !== 'none' || edge.border !== 'none',
    `the panel has a shadow or border: ${JSON.stringify(edge)}`,
  );
  await context.close();
});

test('data-open="true" opens the panel without taking focus from the host page', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await hostPageWith(page, rig.stack.hostUrl, { open: 'true' });
  await page.getByRole('button', { name: 'Close chat' }).waitFor();
  await widget(page).getByRole('button', { name: 'Start chat' }).waitFor();
  const frame = await widgetFrame(page);
  await frame.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'BODY', 'focus stays in the host page');
  assert.equal(await page.locator('iframe[title="Chat"]').evaluate((f) => getComputedStyle(f).visibility), 'visible');
  await context.close();
});

/**
 * Images on the real stack (demo host page → loader → widget → server → emulator): a preview of an
 * image before it is sent (an object URL of the file, revoked when removed or sent), and the image
 * viewer — a modal dialog in the panel opened by a click or Enter on an image, named after it, with
 * a download link; Escape closes it, Tab stays in it, focus returns to the image; its code is not
 * in the first paint.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { useRealStack } from '../support/fixtures.ts';
import { axeViolations, widgetFrame } from './support/axe.ts';
import { makePdf, makePng } from '../../scripts/harness/files.ts';
import { conversationWith, messageLog, openPanel, startChat, waitFor, widget } from './support/e2e.ts';

const rig = useRealStack({ emulator: { autoAgent: false } });

/** Chooses a file with "Attach file", as a visitor does. */
async function choose(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    widget(page).getByRole('button', { name: 'Attach file' }).click(),
  ]);
  await chooser.setFiles(file);
}

/** Can the widget still load this URL as an image? (A revoked object URL cannot be loaded.) */
const readable = (frame: Frame, url: string): Promise<boolean> =>
  frame.evaluate(
    (u) =>
      new Promise<boolean>((resolve) => {
        const probe = new Image();
        probe.onload = () => resolve(true);
        probe.onerror = () => resolve(false);
        probe.src = u;
      }),
    url,
  );

test('a preview of an image before it is sent; its object URL revoked when the file is removed and when it is sent', async () => {
  const context = await rig.browser.newContext();
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  const w = await openPanel(page);
  await startChat(page, { name: 'Pia', question: 'Preview please' });
  const frame = await widgetFrame(page);
  const chip = w.locator('.selected-file');
  const preview = chip.locator('img');

  await choose(page, { name: 'receipt.pdf', mimeType: 'application/pdf', buffer: makePdf('Receipt') });
  await w.getByRole('button', { name: 'Remove receipt.pdf' }).waitFor();
  assert.equal(await preview.count(), 0, 'no preview for a PDF');
  await w.getByRole('button', { name: 'Remove receipt.pdf' }).click();

  await choose(page, { name: 'photo.png', mimeType: 'image/png', buffer: makePng(40, 30, [200, 40, 40]) });
  await preview.waitFor();
  const first = await waitFor('the preview to load', () =>
    preview.evaluate((img: HTMLImageElement) =>
      img.complete && img.naturalWidth === 40 ? { src: img.src, alt: img.getAttribute('alt') } : undefined,
    ),
  );
  assert.match(first.src, /^blob:/, 'an object URL of the file');
  assert.equal(first.alt, '', 'decorative: the chip names the file');
  assert.equal(await readable(frame, first.src), true);
  await w.getByRole('button', { name: 'Remove photo.png' }).click();
  await chip.waitFor({ state: 'detached' });
  assert.equal(await readable(frame, first.src), false, 'revoked when removed');

  await choose(page, { name: 'photo.png', mimeType: 'image/png', buffer: makePng(40, 30, [200, 40, 40]) });
  await preview.waitFor();
  const second = await preview.getAttribute('src');
  assert.ok(second && second !== first.src);
  await w.getByRole('button', { name: 'Send' }).click();
  await chip.waitFor({ state: 'detached' });
  assert.equal(await readable(frame, second), false, 'revoked when sent');
  await messageLog(page).getByRole('button', { name: 'Image: photo.png' }).waitFor();
  await context.close();
});

test('a click or Enter on an image opens the viewer in the panel: a named modal dialog, download link, Escape closes, Tab stays, focus returns', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  await startChat(page, { name: 'Quin', question: 'Viewer please' });
  const { sid } = await conversationWith(rig.flex, 'Viewer please');
  await rig.flex.agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  await rig.flex.agentSays(sid, 'Here it is.', {
    filename: 'tall.png',
    contentType: 'image/png',
    bytes: makePng(120, 400, [30, 90, 160]),
  });
  const frame = await widgetFrame(page);
  const w = widget(page);
  const thumb = messageLog(page).getByRole('button', { name: 'Image: tall.png' });
  await thumb.waitFor();
  const src = await waitFor('the thumbnail', () => thumb.locator('img').getAttribute('src'));
  await thumb.click();

  const dialog = w.getByRole('dialog', { name: 'Image: tall.png' });
  await dialog.waitFor();
  assert.equal(await dialog.evaluate((d: HTMLDialogElement) => d.open && d.matches(':modal')), true, 'a modal dialog');
  const box = (await dialog.boundingBox())!;
  const panel = (await page.locator('iframe[title="Chat"]').boundingBox())!;
  assert.ok(
    Math.abs(box.width - panel.width) <= 1 && Math.abs(box.height - panel.height) <= 1,
    `over the whole panel: ${JSON.stringify({ box, panel })}`,
  );
  await waitFor('the image in the viewer', () =>
    dialog.getByRole('img', { name: 'Image: tall.png' }).evaluate((img: HTMLImageElement) => img.naturalWidth === 120),
  );
  const download = dialog.getByRole('link', { name: 'Download tall.png' });
  assert.equal(await download.getAttribute('href'), src, 'the download link is the media URL');
  assert.equal(await download.getAttribute('download'), 'tall.png');
  assert.deepEqual(await axeViolations(frame), [], 'axe-core on the open viewer');

  // Tab and Shift+Tab stay in the viewer.
  const focusInDialog = () => frame.evaluate(() => !!document.activeElement?.closest('dialog'));
  assert.equal(await focusInDialog(), true, 'focus moves into the viewer');
  for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    assert.equal(await focusInDialog(), true, `focus still in the viewer after ${key}`);
  }

  // Escape closes the viewer, not the panel; focus returns to the image.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Close chat' }).waitFor();
  const focused = () => frame.evaluate(() => document.activeElement?.getAttribute('aria-label'));
  assert.equal(await focused(), 'Image: tall.png', 'focus back on the image');

  // Enter on the image opens it again; "Close image" closes it.
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Close image' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await focused(), 'Image: tall.png');
  await context.close();
});

test('the image viewer is not in the first paint: its own lazy chunk', () => {
  const dist = join(import.meta.dirname, '../../dist/public');
  const html = readFileSync(join(dist, 'widget.html'), 'utf8');
  const entry = /<script type="module" src="\/([^"]+)"/.exec(html)?.[1];
  assert.ok(entry, 'the entry script');
  const firstPaint = new Set<string>();
  const walk = (file: string): void => {
    if (firstPaint.has(file)) return;
    firstPaint.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    for (const [, dep] of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) walk(join('assets', dep!));
  };
  walk(entry);
  for (const file of firstPaint)
    assert.doesNotMatch(readFileSync(join(dist, file), 'utf8'), /lightbox/, `${file} has no viewer`);
  const prefetched = /name="flex-webchat-prefetch" content="([^"]*)"/.exec(html)?.[1] ?? '';
  assert.ok(
    prefetched.split(' ').some((url) => url.includes('Lightbox-')),
    `a lazy Lightbox chunk: ${prefetched}`,
  );
});

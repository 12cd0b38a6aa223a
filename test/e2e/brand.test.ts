/**
 * The header on the real stack: the site's branding from server configuration (WIDGET_TITLE,
 * WIDGET_SUBTITLE, WIDGET_LOGO_URL, allowed by the widget's CSP), then the agent once one has
 * joined (name, initials avatar, "typing…"); the typing indicator's dots (still under
 * prefers-reduced-motion) and its one announcement; and the grouped bubbles' corners.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { useRealStack } from '../support/fixtures.ts';
import { recordCspViolations, violations } from '../../scripts/harness/browser.ts';
import { contrastRatio, parseColor } from '../../widget/ui/theme.ts';
import { widgetFrame } from './support/axe.ts';
import {
  collectPageErrors,
  conversationWith,
  messageLog,
  openPanel,
  say,
  startChat,
  waitFor,
  widget,
} from './support/e2e.ts';

const LOGO_URL = 'https://brand.example.com/assets/logo.svg';
const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="36" height="36"><rect width="36" height="36" rx="8" fill="#fff"/></svg>';

const rig = useRealStack({
  emulator: { autoAgent: false },
  serverEnv: { WIDGET_TITLE: 'Acme Support', WIDGET_SUBTITLE: 'We reply in a few minutes', WIDGET_LOGO_URL: LOGO_URL },
});

/** A context whose requests for the logo are answered here (the host name does not exist). */
async function brandedContext(options: Parameters<typeof rig.browser.newContext>[0] = {}): Promise<BrowserContext> {
  const context = await rig.browser.newContext({ viewport: { width: 1000, height: 760 }, ...options });
  await context.route(LOGO_URL, (route) => route.fulfill({ contentType: 'image/svg+xml', body: LOGO_SVG }));
  await recordCspViolations(context);
  return context;
}

function header(page: Page) {
  return widget(page).locator('header');
}

test('the branding: WIDGET_TITLE (as is, in every locale), WIDGET_SUBTITLE and the logo, allowed by the CSP', async () => {
  for (const locale of ['en-US', 'de-DE', 'he-IL']) {
    const context = await brandedContext({ locale });
    const errors = collectPageErrors(context);
    const page = await context.newPage();
    await page.goto(rig.stack.hostUrl);
    await page.locator('body > button').last().click();
    const h = header(page);
    await h.getByRole('heading', { level: 1, name: 'Acme Support' }).waitFor();
    await h.getByText('We reply in a few minutes', { exact: true }).waitFor();
    const logo = h.locator('img.logo');
    assert.equal(await logo.getAttribute('src'), LOGO_URL);
    assert.equal(await logo.getAttribute('alt'), '', 'decorative: the title next to it names the chat');
    await waitFor(`the logo to load (${locale})`, () =>
      logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 36),
    );
    assert.deepEqual(await violations(page), [], `no CSP violation (${locale})`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a logo that does not load is hidden, not a broken image', async () => {
  const context = await rig.browser.newContext({ viewport: { width: 1000, height: 760 } });
  await context.route(LOGO_URL, (route) => route.fulfill({ status: 404, body: '' }));
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  const h = header(page);
  await h.getByRole('heading', { level: 1, name: 'Acme Support' }).waitFor();
  await h.locator('img.logo').waitFor({ state: 'hidden' });
  await context.close();
});

test('the header shows the agent once one has joined: name, initials avatar, "typing…"; before, the branding', async () => {
  const context = await brandedContext();
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  await startChat(page, { name: 'Ivy', question: 'Agent header please' });
  const h = header(page);
  await h.getByRole('heading', { level: 1, name: 'Acme Support' }).waitFor();
  assert.equal(await h.locator('.avatar').count(), 0, 'no avatar before an agent joins');

  const { sid } = await conversationWith(rig.flex, 'Agent header please');
  await rig.flex.agentJoins(sid, { identity: 'agent.morgan', friendlyName: 'Alex Morgan' });
  await h.getByRole('heading', { level: 1, name: 'Alex Morgan' }).waitFor();
  assert.equal(await h.getByText('Acme Support').count(), 0);
  const avatar = h.locator('.avatar');
  assert.equal(await avatar.innerText(), 'AM');
  assert.equal(
    await avatar.getAttribute('aria-hidden'),
    'true',
    'the name is the heading; the initials are decoration',
  );
  const colours = await avatar.evaluate((el) => {
    const style = getComputedStyle(el);
    return { fg: style.color, bg: style.backgroundColor, className: el.getAttribute('class') };
  });
  const contrast = contrastRatio(parseColor(colours.fg)!, parseColor(colours.bg)!);
  assert.ok(contrast >= 4.5, `avatar initials contrast ${contrast.toFixed(2)} (${JSON.stringify(colours)})`);

  assert.equal(await h.getByText('typing…', { exact: true }).count(), 0);
  await rig.flex.agentTypes(sid, 'agent.morgan');
  await h.getByText('typing…', { exact: true }).waitFor();
  await rig.flex.agentSays(sid, 'Hello Ivy!', undefined, 'agent.morgan');
  await messageLog(page).getByText('Hello Ivy!').waitFor();
  await h.getByText('typing…', { exact: true }).waitFor({ state: 'hidden' });

  // The same avatar colour after a reload (the restored chat knows its agent from the start).
  await page.reload();
  await openPanel(page);
  await header(page).getByRole('heading', { level: 1, name: 'Alex Morgan' }).waitFor();
  assert.equal(await header(page).locator('.avatar').getAttribute('class'), colours.className);
  await context.close();
});

test('in a right-to-left locale the avatar sits at the start (the right) of the header', async () => {
  const context = await brandedContext({ locale: 'he-IL' });
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await page.locator('body > button').last().click();
  const w = widget(page);
  await w.locator('#field-friendlyName').fill('Noa');
  await w.locator('#field-question').fill('RTL header please');
  await w.locator('form button[type="submit"]').click();
  await w.locator('#composer-input').waitFor();
  const { sid } = await conversationWith(rig.flex, 'RTL header please');
  await rig.flex.agentJoins(sid, { identity: 'agent.dana', friendlyName: 'דנה כהן' });
  const h = header(page);
  await h.getByRole('heading', { level: 1, name: 'דנה כהן' }).waitFor();
  assert.equal(await h.locator('.avatar').innerText(), 'דכ');
  const avatarBox = (await h.locator('.avatar').boundingBox())!;
  const titleBox = (await h.getByRole('heading', { level: 1 }).boundingBox())!;
  assert.ok(avatarBox.x > titleBox.x, `avatar right of the name: ${JSON.stringify({ avatarBox, titleBox })}`);
  await context.close();
});

test('typing: three animated dots (still under prefers-reduced-motion); "X is typing…" announced once per turn', async () => {
  const context = await brandedContext();
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  await startChat(page, { name: 'Jo', question: 'Typing dots please' });
  const { sid } = await conversationWith(rig.flex, 'Typing dots please');
  await rig.flex.agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  // The SDK drops a typing signal from a participant it does not know yet: Alex must have joined for it.
  await messageLog(page).getByText('Alex joined the chat').waitFor();
  const frame = await widgetFrame(page);
  // Every text the typing live region takes, as a screen reader would hear it.
  await frame.evaluate(() => {
    const region = document.querySelector('.typing [aria-live="polite"]')!;
    const heard: string[] = [];
    (window as unknown as { heard: string[] }).heard = heard;
    new MutationObserver(() => {
      const text = region.textContent ?? '';
      if (text) heard.push(text);
    }).observe(region, { childList: true, subtree: true, characterData: true });
  });
  const heard = () => frame.evaluate(() => (window as unknown as { heard: string[] }).heard);

  const w = widget(page);
  await rig.flex.agentTypes(sid);
  await w.getByText('Alex is typing…').waitFor();
  const dots = w.locator('.typing-dots > span');
  assert.equal(await dots.count(), 3);
  assert.equal(await w.locator('.typing-dots').getAttribute('aria-hidden'), 'true');
  assert.notEqual(await dots.first().evaluate((el) => getComputedStyle(el).animationName), 'none', 'the dots move');

  // The typing state ends (the emulator's 5 s timeout) and starts again: no new announcement.
  await w.getByText('Alex is typing…').waitFor({ state: 'hidden', timeout: 15_000 });
  await rig.flex.agentTypes(sid);
  await w.getByText('Alex is typing…').waitFor();
  await rig.flex.agentTypes(sid);
  await page.waitForTimeout(500);
  assert.deepEqual(await heard(), ['Alex is typing…'], 'announced once');

  // A message, then typing again: that is news.
  await rig.flex.agentSays(sid, 'One moment.');
  await messageLog(page).getByText('One moment.').waitFor();
  await rig.flex.agentTypes(sid);
  await waitFor('the second announcement', async () => ((await heard()).length === 2 ? true : undefined));

  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.equal(await dots.first().evaluate((el) => getComputedStyle(el).animationName), 'none', 'still dots');
  await context.close();
});

test("one author's consecutive bubbles: tight corners where they meet, on the author's side", async () => {
  const context = await brandedContext();
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await openPanel(page);
  await startChat(page, { name: 'Kim', question: 'Bubbles please' });
  const { sid } = await conversationWith(rig.flex, 'Bubbles please');
  await rig.flex.agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  for (const text of ['First from Alex', 'Second from Alex', 'Third from Alex']) await rig.flex.agentSays(sid, text);
  await say(page, 'First from Kim');
  await say(page, 'Second from Kim');
  await messageLog(page).locator('.bubble', { hasText: 'Second from Kim' }).waitFor();
  await messageLog(page).getByText('Third from Alex').waitFor();
  const corners = (text: string) =>
    messageLog(page)
      .locator('.bubble', { hasText: text })
      .evaluate((el) => {
        const s = getComputedStyle(el);
        return {
          topLeft: parseFloat(s.borderTopLeftRadius),
          topRight: parseFloat(s.borderTopRightRadius),
          bottomLeft: parseFloat(s.borderBottomLeftRadius),
          bottomRight: parseFloat(s.borderBottomRightRadius),
        };
      });
  const round = 12;
  const tight = 6;
  // The agent's bubbles are on the left (LTR): tight on the left where two meet.
  const a1 = await corners('First from Alex');
  const a2 = await corners('Second from Alex');
  const a3 = await corners('Third from Alex');
  assert.ok(a1.topLeft >= round && a1.bottomLeft <= tight && a1.bottomRight >= round, JSON.stringify(a1));
  assert.ok(a2.topLeft <= tight && a2.bottomLeft <= tight && a2.topRight >= round, JSON.stringify(a2));
  assert.ok(a3.topLeft <= tight && a3.bottomLeft >= round, JSON.stringify(a3));
  // The visitor's on the right.
  const k1 = await corners('First from Kim');
  const k2 = await corners('Second from Kim');
  assert.ok(k1.bottomRight <= tight && k1.bottomLeft >= round && k1.topRight >= round, JSON.stringify(k1));
  assert.ok(k2.topRight <= tight && k2.bottomRight >= round && k2.topLeft >= round, JSON.stringify(k2));
  await context.close();
});

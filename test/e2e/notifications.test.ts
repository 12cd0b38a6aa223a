/**
 * Notifications while the visitor is not looking, on the real stack (demo host page → loader →
 * widget → server → emulator): the host tab's title alternates with "(1) New message" in the
 * widget's locale and comes back exactly when the visitor looks (data-title-notifications="false"
 * turns it off); data-sound="true" rings a short synthesised chime, only after the visitor has
 * interacted with the widget and only while the panel is closed or the tab hidden.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useRealStack } from '../support/fixtures.ts';
import { widgetFrame } from './support/axe.ts';
import { conversationWith, messageLog, openPanel, startChat, waitFor, widget } from './support/e2e.ts';
import { hostPageWith } from './support/host-page.ts';

const rig = useRealStack({ emulator: { autoAgent: false } });

/** Every value document.title takes in the host page, recorded from its <title> element. */
async function recordTitles(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const titles: string[] = [];
    (window as unknown as { __titles: string[] }).__titles = titles;
    new MutationObserver(() => {
      if (titles.at(-1) !== document.title) titles.push(document.title);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
}
const titles = (page: Page): Promise<string[]> =>
  page.evaluate(() => [...(window as unknown as { __titles: string[] }).__titles]);

/** Closes the panel from inside the widget (Escape), as a visitor does. */
async function closePanel(page: Page): Promise<void> {
  await widget(page).getByRole('textbox', { name: 'Type a message' }).press('Escape');
  await page.getByRole('button', { name: /^Open chat/ }).waitFor();
}

/** A chat with an agent in it; returns the conversation's sid. */
async function chatWithAgent(page: Page, question: string): Promise<string> {
  await openPanel(page);
  await startChat(page, { name: 'Nia', question });
  const { sid } = await conversationWith(rig.flex, question);
  await rig.flex.agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  return sid;
}

test('the tab title flashes "(1) New message", then "(2) New messages", while the panel is closed; opening it restores the title exactly', async () => {
  const context = await rig.browser.newContext();
  const page = await context.newPage();
  await recordTitles(page);
  await page.goto(rig.stack.hostUrl);
  const original = await page.title();
  const sid = await chatWithAgent(page, 'Title please');
  await closePanel(page);

  await rig.flex.agentSays(sid, 'First answer');
  await waitFor('"(1) New message" in the title', async () => (await page.title()) === '(1) New message');
  await waitFor('the title alternating with the page’s own', async () => (await page.title()) === original);
  await rig.flex.agentSays(sid, 'Second answer');
  await waitFor('"(2) New messages" in the title', async () => (await page.title()) === '(2) New messages');

  await page.getByRole('button', { name: 'Open chat, 2 unread messages' }).click();
  assert.equal(await page.title(), original, 'restored as the panel opens');
  const seen = (await titles(page)).length;
  // Looking: a further message neither counts as unread nor flashes.
  await rig.flex.agentSays(sid, 'Third answer');
  await messageLog(page).getByText('Third answer').waitFor();
  await rig.flex.agentSays(sid, 'Fourth answer');
  await messageLog(page).getByText('Fourth answer').waitFor();
  assert.equal(await page.title(), original);
  assert.deepEqual((await titles(page)).slice(seen), [], 'no title change while the visitor looks');
  assert.ok((await titles(page)).every((t) => t === original || /^\(\d\) New messages?$/.test(t)));
  await context.close();
});

test('in the widget’s locale, plural-correct: Polish "(1) Nowa wiadomość", "(2) Nowe wiadomości"', async () => {
  const context = await rig.browser.newContext();
  const page = await context.newPage();
  await hostPageWith(page, rig.stack.hostUrl, { locale: 'pl' });
  const original = await page.title();
  await page.getByRole('button', { name: /^Otwórz czat/ }).click();
  const w = widget(page);
  await w.getByLabel('Imię').fill('Ola');
  await w.getByLabel('W czym możemy pomóc?').fill('Tytuł proszę');
  await w.getByRole('button', { name: 'Rozpocznij czat' }).click();
  const composer = w.getByRole('textbox', { name: 'Napisz wiadomość' });
  await composer.waitFor();
  const { sid } = await conversationWith(rig.flex, 'Tytuł proszę');
  await rig.flex.agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  await composer.press('Escape');
  await page.getByRole('button', { name: /^Otwórz czat/ }).waitFor();
  await rig.flex.agentSays(sid, 'Pierwsza');
  await waitFor('"(1) Nowa wiadomość"', async () => (await page.title()) === '(1) Nowa wiadomość');
  await rig.flex.agentSays(sid, 'Druga');
  await waitFor('"(2) Nowe wiadomości"', async () => (await page.title()) === '(2) Nowe wiadomości');
  await page.getByRole('button', { name: /^Otwórz czat/ }).click();
  assert.equal(await page.title(), original);
  await context.close();
});

test('data-title-notifications="false": the title never changes', async () => {
  const context = await rig.browser.newContext();
  const page = await context.newPage();
  await recordTitles(page);
  await hostPageWith(page, rig.stack.hostUrl, { 'title-notifications': 'false' });
  const original = await page.title();
  const sid = await chatWithAgent(page, 'No title please');
  await closePanel(page);
  await rig.flex.agentSays(sid, 'An answer');
  await page.getByRole('button', { name: 'Open chat, 1 unread message' }).waitFor();
  await rig.flex.agentSays(sid, 'Another answer');
  await page.getByRole('button', { name: 'Open chat, 2 unread messages' }).waitFor();
  assert.equal(await page.title(), original);
  assert.deepEqual(await titles(page), [original]);
  await context.close();
});

/**
 * Page visibility for a test: headless Chromium cannot hide a tab, so each document of the tab
 * (the host page and the widget's, which share the tab's visibility) gets document.hidden and
 * visibilityState from a switch, flipped with a visibilitychange event as the browser does; the host
 * page's `__setHidden` flips both (the widget's through a message: no evaluation in its frame).
 */
async function visibilitySwitch(page: Page): Promise<void> {
  // A string, not a function: the test runner's transpiler would add helpers the page lacks.
  await page.addInitScript(`{
    let hidden = false;
    Object.defineProperty(document, 'hidden', { get() { return hidden; }, configurable: true });
    Object.defineProperty(document, 'visibilityState', {
      get() { return hidden ? 'hidden' : 'visible'; },
      configurable: true,
    });
    function set(h) {
      hidden = h;
      document.dispatchEvent(new Event('visibilitychange'));
    }
    if (window === window.top) {
      window.__setHidden = function (h) {
        set(h);
        for (const f of document.querySelectorAll('iframe')) f.contentWindow.postMessage({ testHidden: h }, '*');
      };
    } else {
      addEventListener('message', function (event) {
        if (event.source === parent && typeof event.data?.testHidden === 'boolean') set(event.data.testHidden);
      });
    }
  }`);
}
const setTabHidden = (page: Page, hidden: boolean): Promise<void> =>
  page.evaluate((h) => (window as unknown as { __setHidden(h: boolean): void }).__setHidden(h), hidden);

test('a hidden tab with the panel open flashes too; the title comes back when the tab is visible again', async () => {
  const context = await rig.browser.newContext();
  const page = await context.newPage();
  await visibilitySwitch(page);
  await page.goto(rig.stack.hostUrl);
  const original = await page.title();
  const sid = await chatWithAgent(page, 'Hidden tab please');
  await setTabHidden(page, true);
  await rig.flex.agentSays(sid, 'While you were away');
  await waitFor('"(1) New message" in the title', async () => (await page.title()) === '(1) New message');
  await setTabHidden(page, false);
  assert.equal(await page.title(), original, 'restored as the tab shows the open panel');
  await context.close();
});

/**
 * Every Web Audio oscillator the widget starts, reported by its frame to the host page (read there:
 * an evaluation in the widget's frame would count as a user gesture in it); the widget's audio
 * contexts are kept for a look at the end.
 */
async function recordTones(page: Page): Promise<void> {
  await page.addInitScript(`{
    if (window === window.top) {
      const tones = (window.__tones = []);
      addEventListener('message', function (event) {
        if (typeof event.data?.testTone === 'number') tones.push(event.data.testTone);
      });
    } else {
      const contexts = (window.__audio = []);
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (when) {
        if (!contexts.includes(this.context)) contexts.push(this.context);
        parent.postMessage({ testTone: this.frequency.value }, '*');
        start.call(this, when);
      };
    }
  }`);
}
const tones = (page: Page): Promise<number[]> =>
  page.evaluate(() => [...(window as unknown as { __tones: number[] }).__tones]);

/** The bodies of the inbound messages the loader reported to the host page (FlexWebchat `message`). */
async function watchMessages(page: Page): Promise<(body: string) => Promise<void>> {
  await page.evaluate(() => {
    const w = window as unknown as {
      __bodies: string[];
      FlexWebchat: { on(event: 'message', handler: (m: { body: string }) => void): void };
    };
    w.__bodies = [];
    w.FlexWebchat.on('message', (m) => w.__bodies.push(m.body));
  });
  return (body) =>
    waitFor(`"${body}" reported to the host page`, () =>
      page.evaluate((b) => (window as unknown as { __bodies: string[] }).__bodies.includes(b), body),
    ).then(() => undefined);
}

test('data-sound="true": no sound before the visitor has interacted with the widget, none while looking, a chime when the panel is closed', async () => {
  const context = await rig.browser.newContext();
  const page = await context.newPage();
  await recordTones(page);
  await hostPageWith(page, rig.stack.hostUrl, { sound: 'true' });
  const reported = await watchMessages(page);
  // A chat started by the host page, without any gesture in the widget.
  await page.evaluate(() =>
    (window as unknown as { FlexWebchat: { setUser(u: object, o: object): void } }).FlexWebchat.setUser(
      { friendlyName: 'Sol', question: 'Sound please' },
      { skipForm: true },
    ),
  );
  const { sid } = await waitFor('the conversation', () => conversationWith(rig.flex, 'Sound please'));
  await rig.flex.agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
  // The widget has its live conversation once it counts the welcome as unread.
  await page.getByRole('button', { name: /^Open chat, 1 unread message$/ }).waitFor();
  await rig.flex.agentSays(sid, 'Before any gesture');
  await reported('Before any gesture');
  assert.deepEqual(await tones(page), [], 'no sound before a gesture in the widget');

  // The visitor opens the panel and types: a gesture in the widget. Looking: no sound.
  await openPanel(page);
  const composer = widget(page).getByRole('textbox', { name: 'Type a message' });
  await composer.pressSequentially('Hi');
  await rig.flex.agentSays(sid, 'While you look');
  await messageLog(page).getByText('While you look').waitFor();
  assert.deepEqual(await tones(page), [], 'no sound while the visitor looks');

  await closePanel(page);
  await rig.flex.agentSays(sid, 'While the panel is closed');
  await reported('While the panel is closed');
  const rung = await waitFor('the chime', async () => ((await tones(page)).length >= 2 ? tones(page) : undefined));
  assert.deepEqual(rung, [880, 1320], 'one chime: two notes');
  const frame = await widgetFrame(page);
  await waitFor('the audio running (the visitor interacted with the widget)', () =>
    frame.evaluate(() =>
      (window as unknown as { __audio: BaseAudioContext[] }).__audio.every((c) => c.state === 'running'),
    ),
  );
  await context.close();
});

test('without data-sound no sound, even after a gesture with the panel closed', async () => {
  const context = await rig.browser.newContext();
  const page = await context.newPage();
  await recordTones(page);
  await page.goto(rig.stack.hostUrl);
  const reported = await watchMessages(page);
  const sid = await chatWithAgent(page, 'Silence please');
  await closePanel(page);
  // The notices that would ring have reached the host page.
  await rig.flex.agentSays(sid, 'Quietly');
  await reported('Quietly');
  await rig.flex.agentSays(sid, 'Still quietly');
  await reported('Still quietly');
  assert.deepEqual(await tones(page), []);
  await context.close();
});

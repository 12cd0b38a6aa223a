/**
 * The panel's header (in App): the title, "Close chat" with a visible focus ring on the accent,
 * and, during a chat, "End chat" with its confirmation (focus to Cancel, Escape returns it).
 */
import { DEFAULT_WIDGET_CONFIG } from '../../contracts/widget-config.ts';
import type { ChatController } from '../../widget/chat/controller.ts';
import { App } from '../../widget/ui/App.tsx';
import { contrastRatio, parseColor } from '../../widget/ui/theme.ts';
import { sendKeys } from '@web/test-runner-commands';
import { equal, ok } from './support/assert.ts';
import { assertAccessible } from './support/axe.ts';
import { mount, type MountOptions } from './support/mount.ts';
import { describe, it } from './support/mocha.ts';
import { controllerAtForm } from './support/scripted-chat.ts';
import { waitFor } from './support/wait.ts';

function mountApp(controller: ChatController, onClose: () => void, options?: MountOptions): Promise<HTMLElement> {
  return mount(
    <App
      controller={controller}
      config={DEFAULT_WIDGET_CONFIG}
      framed
      onClose={onClose}
      draft=""
      saveDraft={() => undefined}
    />,
    options,
  );
}

function headerButton(app: HTMLElement, name: string): HTMLButtonElement | undefined {
  return [...app.querySelectorAll<HTMLButtonElement>('header button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent) === name,
  );
}

function rgb(color: string): [number, number, number] {
  const parsed = parseColor(color);
  ok(parsed, `a colour: ${color}`);
  return parsed;
}

describe('header', () => {
  for (const options of [{ theme: 'light' }, { theme: 'dark' }, { theme: 'light', accent: '#ffd400' }] as const) {
    it(`"Chat" and "Close chat", whose focus ring shows on the header (${JSON.stringify(options)})`, async () => {
      const { controller } = await controllerAtForm();
      let closed = 0;
      const app = await mountApp(controller, () => (closed += 1), options);
      const header = app.querySelector<HTMLElement>('header');
      ok(header, 'the header');
      equal(header.querySelector('h1')?.textContent, 'Chat');
      const close = headerButton(app, 'Close chat');
      ok(close, '"Close chat"');
      close.focus();
      await sendKeys({ press: 'Shift' }); // a key press: the focus is a keyboard user's, so the ring shows
      const ring = getComputedStyle(close);
      ok(ring.outlineStyle !== 'none' && parseFloat(ring.outlineWidth) >= 2, 'a focus ring');
      const ratio = contrastRatio(rgb(ring.outlineColor), rgb(getComputedStyle(header).backgroundColor));
      ok(ratio >= 3, `the ring contrasts with the header: ${ratio.toFixed(2)}:1`);
      await assertAccessible(app, `the panel at the form (${JSON.stringify(options)})`);
      close.click();
      equal(closed, 1);
    });
  }

  it('during a chat, focus is in "Type a message"; "End chat" opens a confirmation whose Cancel has focus; Escape closes it and focus returns', async () => {
    const { controller } = await controllerAtForm();
    const app = await mountApp(controller, () => undefined);
    await controller.submitForm({ friendlyName: 'Ann', question: 'Where is my order?' });
    const end = await waitFor('"End chat"', () => headerButton(app, 'End chat'));
    // The chat view appeared: the visitor types next.
    await waitFor(
      'focus in "Type a message"',
      () => document.activeElement?.getAttribute('aria-label') === 'Type a message',
    );
    equal(end.getAttribute('aria-expanded'), 'false');
    end.click();
    const dialog = await waitFor('the confirmation', () => app.querySelector<HTMLElement>('[role="alertdialog"]'));
    equal(document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent, 'End this chat?');
    await waitFor('focus on Cancel', () => document.activeElement?.textContent === 'Cancel');
    await assertAccessible(app, 'the panel with the confirmation');
    await sendKeys({ press: 'Escape' });
    await waitFor('the confirmation to close', () => app.querySelector('[role="alertdialog"]') === null);
    equal(document.activeElement, headerButton(app, 'End chat'), 'focus back on "End chat"');
  });
});

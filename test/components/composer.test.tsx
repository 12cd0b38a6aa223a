/** The composer: Enter sends, Shift+Enter adds a line, the counter, the pending attachment chip and its checks. */
import { sendKeys } from '@web/test-runner-commands';
import { DEFAULT_WIDGET_CONFIG } from '../../contracts/widget-config.ts';
import type { LiveConversation } from '../../widget/chat/live-conversation.ts';
import { Composer, MAX_MESSAGE_LENGTH } from '../../widget/ui/Composer.tsx';
import { deepEqual, equal, match, ok } from './support/assert.ts';
import { assertAccessible } from './support/axe.ts';
import { mount, nextFrame } from './support/mount.ts';
import { describe, it } from './support/mocha.ts';
import { liveConversation } from './support/scripted-chat.ts';
import { ScriptedConversation } from '../widget/support/scripted-session.ts';
import { waitFor } from './support/wait.ts';

function composer(conversation: LiveConversation, dropped?: File, drafts: string[] = []) {
  return (
    <Composer
      conversation={conversation}
      attachments={DEFAULT_WIDGET_CONFIG.attachments}
      initialDraft=""
      saveDraft={(text) => drafts.push(text)}
      dropped={dropped}
      clearDropped={() => undefined}
    />
  );
}

function button(app: HTMLElement, name: string): HTMLButtonElement {
  const found = [...app.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent) === name,
  );
  ok(found, `a button named "${name}"`);
  return found;
}

function textbox(app: HTMLElement): HTMLTextAreaElement {
  const area = app.querySelector<HTMLTextAreaElement>('textarea[aria-label="Type a message"]');
  ok(area, 'the "Type a message" textbox');
  return area;
}

describe('Composer', () => {
  it('Enter sends the text, Shift+Enter adds a line; the box and the saved draft are cleared', async () => {
    const scripted = new ScriptedConversation();
    const drafts: string[] = [];
    const app = await mount(composer(await liveConversation(scripted), undefined, drafts), { height: 160 });
    equal(button(app, 'Send').disabled, true, 'nothing to send yet');
    textbox(app).focus();
    await sendKeys({ type: 'line one' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'line two' });
    equal(button(app, 'Send').disabled, false);
    await sendKeys({ press: 'Enter' });
    await waitFor('the message to reach the back end', () => scripted.received.length === 1);
    deepEqual(scripted.received, ['line one\nline two']);
    equal(textbox(app).value, '');
    equal(drafts.at(-1), '');
    equal(document.activeElement, textbox(app), 'focus stays in the box');
    await assertAccessible(app);
  });

  it('counts down the last characters and refuses to send over the limit', async () => {
    const scripted = new ScriptedConversation();
    const app = await mount(composer(await liveConversation(scripted)), { height: 200 });
    const area = textbox(app);
    area.focus();
    area.value = 'x'.repeat(MAX_MESSAGE_LENGTH - 2);
    area.dispatchEvent(new Event('input', { bubbles: true }));
    await nextFrame();
    equal(app.querySelector('#composer-counter')?.textContent, '2 characters left');
    await sendKeys({ type: 'xxx' });
    await nextFrame();
    equal(app.querySelector('#composer-counter')?.textContent, '1 character over the limit');
    equal(button(app, 'Send').disabled, true);
    await sendKeys({ press: 'Enter' });
    equal(scripted.received.length, 0);
    await assertAccessible(app, 'the composer over the limit');
  });

  it('a chosen file shows as a chip: the name cut in the middle keeping its extension, its size, an × named "Remove <file>"', async () => {
    const scripted = new ScriptedConversation();
    const name = 'invoice-2024-very-long-file-name-for-the-accounts-department.pdf';
    const file = new File([new Uint8Array(2048)], name, { type: 'application/pdf' });
    const app = await mount(composer(await liveConversation(scripted), file), { height: 200 });
    const chip = app.querySelector<HTMLElement>('.selected-file');
    ok(chip, 'the chip');
    const shown = chip.querySelector('.chip-name')?.textContent ?? '';
    match(shown, /^invoice-2024.*….*\.pdf$/, 'cut in the middle, extension kept');
    ok(shown.length < name.length);
    equal(chip.querySelector('.chip-size')?.textContent, '2 kB');
    const remove = button(app, `Remove ${name}`);
    equal(remove.textContent, '', 'the accessible name is not shown as text');
    ok(remove.getBoundingClientRect().height <= 48, 'an icon button, not four lines of text');
    await assertAccessible(app, 'the composer with a file');
    remove.click();
    await nextFrame();
    equal(app.querySelector('.selected-file'), null);
  });

  it('a file of a type Flex refuses is announced and not attached', async () => {
    const scripted = new ScriptedConversation();
    const file = new File(['MZ'], 'setup.exe', { type: 'application/octet-stream' });
    const app = await mount(composer(await liveConversation(scripted), file), { height: 200 });
    match(app.querySelector('[role="alert"]')?.textContent ?? '', /^setup\.exe is not an allowed file type \(/);
    equal(app.querySelector('.selected-file'), null);
    await assertAccessible(app, 'the composer with a refused file');
  });
});

/** Rich content in the log (RichMessage): quick replies as a named group of buttons; a choice is sent, marked, and the others disabled. */
import { MessageList } from '../../widget/ui/MessageList.tsx';
import { deepEqual, equal } from './support/assert.ts';
import { assertAccessible } from './support/axe.ts';
import { mount } from './support/mount.ts';
import { describe, it } from './support/mocha.ts';
import { liveConversation } from './support/scripted-chat.ts';
import { waitFor } from './support/wait.ts';
import { ScriptedConversation } from '../widget/support/scripted-session.ts';

describe('RichMessage', () => {
  it('quick replies: a group named "Choose an option"; a tap sends the title, marks it and disables the rest', async () => {
    const scripted = new ScriptedConversation();
    const offer = scripted.add('bot', 'What can we do for you?', { contentSid: 'HX1' });
    scripted.contents.set(offer.sid, {
      type: 'quickReply',
      body: 'What can we do for you?',
      replies: [
        { id: 'track', title: 'Track my order' },
        { id: 'return', title: 'Return an item' },
      ],
    });
    const app = await mount(
      <div class="panel">
        <main class="body">
          <div class="chat">
            <MessageList conversation={await liveConversation(scripted)} />
          </div>
        </main>
      </div>,
    );
    const group = await waitFor('the replies', () => app.querySelector<HTMLElement>('[role="group"]'));
    const buttons = [...group.querySelectorAll('button')];
    deepEqual(
      buttons.map((b) => b.textContent),
      ['Track my order', 'Return an item'],
    );
    equal(group.getAttribute('aria-label'), 'Choose an option');
    await assertAccessible(app, 'the quick replies');
    buttons[0]!.click();
    await waitFor('the reply to reach the back end', () => scripted.received.length === 1);
    deepEqual(scripted.received, ['Track my order']);
    await waitFor('the choice marked', () => buttons[0]!.getAttribute('aria-pressed') === 'true');
    equal(buttons[1]!.getAttribute('aria-disabled'), 'true');
    await assertAccessible(app, 'the answered quick replies');
  });
});

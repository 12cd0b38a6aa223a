/**
 * Several agents in the chat view: "Sam joined the chat" / "Alex left the chat" as quiet lines
 * between the groups (each author by name, also the one who left), announced politely, and typing
 * by two and by three agents ("Alex and Sam are typing…", the locale's list for three).
 */
import { DEFAULT_WIDGET_CONFIG } from '../../contracts/widget-config.ts';
import { Chat } from '../../widget/ui/Chat.tsx';
import type { LiveConversation } from '../../widget/chat/live-conversation.ts';
import { deepEqual, equal, ok } from './support/assert.ts';
import { assertAccessible } from './support/axe.ts';
import { mount } from './support/mount.ts';
import { describe, it } from './support/mocha.ts';
import { liveConversation } from './support/scripted-chat.ts';
import { ScriptedConversation } from '../widget/support/scripted-session.ts';
import { waitFor } from './support/wait.ts';

function mountChat(conversation: LiveConversation): Promise<HTMLElement> {
  return mount(
    <div class="panel">
      <main class="body">
        <Chat
          conversation={conversation}
          onStartNew={() => undefined}
          attachments={{ ...DEFAULT_WIDGET_CONFIG.attachments, enabled: false }}
          initialDraft=""
          saveDraft={() => undefined}
          survey={undefined}
        />
      </main>
    </div>,
  );
}

const texts = (app: HTMLElement, selector: string): string[] =>
  [...app.querySelectorAll(selector)].map((el) => el.textContent ?? '');

describe('transfers in the chat view', () => {
  it('a cold transfer: the lines between the groups, the names kept, the change announced; axe-clean', async () => {
    let now = Date.now() - 10 * 60_000;
    const scripted = new ScriptedConversation(() => (now += 1000));
    scripted.join('agent.alex', 'Alex');
    scripted.add('agent.alex', 'Let me pass you to billing.');
    const conversation = await liveConversation(scripted);
    const app = await mountChat(conversation);
    await waitFor('the join of Alex', () => texts(app, '.system-line').length === 1);

    scripted.join('agent.sam', 'Sam');
    scripted.leave('agent.alex');
    scripted.add('agent.sam', 'Billing here.');
    await waitFor("Sam's message", () => texts(app, '.bubble').includes('Billing here.'));
    deepEqual(texts(app, '.system-line'), ['Alex joined the chat', 'Sam joined the chat', 'Alex left the chat']);
    deepEqual(texts(app, '.author'), ['Alex', 'Sam']);
    const order = [...app.querySelectorAll('.system-line, .group')].map((el) =>
      el.classList.contains('group') ? `group ${el.querySelector('.author')?.textContent}` : el.textContent,
    );
    deepEqual(order, ['Alex joined the chat', 'group Alex', 'Sam joined the chat', 'Alex left the chat', 'group Sam']);
    const live = [...app.querySelectorAll('[aria-live="polite"]')].map((el) => el.textContent);
    ok(live.includes('Alex left the chat'), `announced: ${JSON.stringify(live)}`);
    await assertAccessible(app, 'the log with system lines');
    await conversation.dispose();
  });

  it('two agents typing, then three: "Alex and Sam are typing…", "Alex, Sam, and Kim are typing…"', async () => {
    const scripted = new ScriptedConversation();
    scripted.join('agent.alex', 'Alex');
    scripted.join('agent.sam', 'Sam');
    scripted.join('agent.kim', 'Kim');
    const conversation = await liveConversation(scripted);
    const app = await mountChat(conversation);
    const line = () => app.querySelector('.typing-text[aria-live="polite"]')?.textContent;
    scripted.typing('agent.alex', true);
    scripted.typing('agent.sam', true);
    await waitFor('two typing, announced', () => line() === 'Alex and Sam are typing…');
    scripted.typing('agent.kim', true);
    await waitFor('three typing, announced', () => line() === 'Alex, Sam, and Kim are typing…');
    // One of them stops: no new announcement, the line stays for the eyes.
    scripted.typing('agent.kim', false);
    await waitFor('nothing new to announce', () => line() === '');
    equal(
      texts(app, '.typing-text').find((text) => text !== ''),
      'Alex and Sam are typing…',
    );
    await conversation.dispose();
  });
});

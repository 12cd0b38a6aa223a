/**
 * The message log: author groups, day separators, the "New messages" divider and the scroll
 * rules (the first unread fully visible; a log at the bottom stays there through new messages and
 * size changes; one scrolled up gets a "New messages ↓" pill instead).
 */
import type { LiveConversation } from '../../widget/chat/live-conversation.ts';
import { MessageList } from '../../widget/ui/MessageList.tsx';
import { deepEqual, equal, ok } from './support/assert.ts';
import { assertAccessible } from './support/axe.ts';
import { mount, nextFrame, type MountOptions } from './support/mount.ts';
import { describe, it } from './support/mocha.ts';
import { liveConversation, VISITOR } from './support/scripted-chat.ts';
import { ScriptedConversation } from '../widget/support/scripted-session.ts';
import { waitFor } from './support/wait.ts';

const MINUTE = 60_000;
const long = (n: number): string =>
  `Reply ${n}: ` + 'we are checking the parcel with the carrier for you. '.repeat(3).trimEnd();

/** The log inside the panel's layout, as the chat view has it. */
function mountLog(conversation: LiveConversation, options?: MountOptions): Promise<HTMLElement> {
  return mount(
    <div class="panel">
      <main class="body">
        <div class="chat">
          <MessageList conversation={conversation} />
        </div>
      </main>
    </div>,
    options,
  );
}

function log(app: HTMLElement): HTMLElement {
  const el = app.querySelector<HTMLElement>('[role="log"]');
  ok(el, 'the log');
  return el;
}

const fromBottom = (el: HTMLElement): number => el.scrollHeight - el.scrollTop - el.clientHeight;

/** A log of 25 messages in a panel `height` px tall, once it is at the bottom. */
async function logAtBottom(
  height: number,
): Promise<{ scripted: ScriptedConversation; app: HTMLElement; el: HTMLElement }> {
  const scripted = new ScriptedConversation();
  scripted.seed(25);
  const app = await mountLog(await liveConversation(scripted), { height });
  const el = log(app);
  await waitFor('the bottom', () => fromBottom(el) <= 1);
  return { scripted, app, el };
}

function jumpButton(app: HTMLElement): HTMLButtonElement | null {
  return app.querySelector<HTMLButtonElement>('button.jump');
}

describe('MessageList', () => {
  it('groups consecutive messages by author under day separators; names the log; axe-clean in both themes', async () => {
    const scripted = new ScriptedConversation();
    const today = new Date();
    today.setHours(9, 0, 0, 0);
    const yesterday = today.getTime() - 24 * 60 * MINUTE;
    scripted.add('agent', 'Good evening', { time: yesterday });
    scripted.add('agent', 'Anything else?', { time: yesterday + MINUTE });
    scripted.add(VISITOR, 'Where is my order?', { time: today.getTime() });
    scripted.add('agent', 'On its way', { time: today.getTime() + MINUTE });
    const conversation = await liveConversation(scripted);
    for (const theme of ['light', 'dark'] as const) {
      const app = await mountLog(conversation, { theme });
      const el = log(app);
      equal(el.getAttribute('aria-label'), 'Messages');
      const days = await waitFor('the day separators', () => {
        const found = [...el.querySelectorAll('.day')].map((d) => d.textContent);
        return found.length === 2 ? found : undefined;
      });
      deepEqual(days, ['Yesterday', 'Today']);
      const groups = [...el.querySelectorAll('.group')].map((g) => ({
        author: g.querySelector('.author')?.textContent,
        own: g.classList.contains('own'),
        messages: [...g.querySelectorAll('.bubble')].map((b) => b.textContent),
      }));
      deepEqual(groups, [
        { author: 'agent', own: false, messages: ['Good evening', 'Anything else?'] },
        { author: 'You', own: true, messages: ['Where is my order?'] },
        { author: 'agent', own: false, messages: ['On its way'] },
      ]);
      await assertAccessible(app, `the log (${theme})`);
      app.remove();
    }
  });

  it('reopened on one unread message: "New messages" before it, and it is fully visible', async () => {
    const scripted = new ScriptedConversation();
    scripted.seed(20);
    scripted.visitorRead = 19;
    scripted.add('agent', long(1));
    const app = await mountLog(await liveConversation(scripted, { fresh: false }), { height: 400 });
    const el = log(app);
    const divider = el.querySelector<HTMLElement>('.divider');
    ok(divider, 'the divider');
    equal(divider.textContent, 'New messages');
    equal(divider.nextElementSibling?.querySelector('.bubble')?.textContent, long(1), 'the divider is right before it');
    const unread = [...el.querySelectorAll<HTMLElement>('.message')].at(-1)!.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    ok(
      unread.top >= box.top && unread.bottom <= box.bottom + 1,
      `fully visible: ${unread.top}–${unread.bottom} in ${box.top}–${box.bottom}`,
    );
    await assertAccessible(app, 'the log with the divider');
  });

  it('reopened on more unread than fit: the divider sits at the top', async () => {
    const scripted = new ScriptedConversation();
    scripted.seed(10);
    scripted.visitorRead = 9;
    for (let i = 1; i <= 12; i++) scripted.add('agent', long(i));
    const app = await mountLog(await liveConversation(scripted, { fresh: false }), { height: 400 });
    const el = log(app);
    await nextFrame();
    const divider = el.querySelector<HTMLElement>('.divider')!.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    ok(divider.top >= box.top && divider.top - box.top <= 32, `at the top: ${divider.top - box.top}px below the edge`);
    ok(fromBottom(el) > 100, 'not scrolled to the bottom');
  });

  it('at the bottom it stays there through new messages and a smaller panel', async () => {
    const { scripted, app, el } = await logAtBottom(500);
    scripted.add('agent', long(1));
    await waitFor('the bottom after a new message', () => fromBottom(el) <= 1);
    app.style.height = '300px'; // the ended footer or an on-screen keyboard takes room
    await waitFor('the bottom after the resize', () => fromBottom(el) <= 1);
    equal(jumpButton(app), null, 'no pill while at the bottom');
  });

  it('a scroll event of its own that arrives after the panel shrank does not unpin it (the event comes a frame late)', async () => {
    const { app, el } = await logAtBottom(500);
    await nextFrame();
    // The panel shrinks, and in the same frame, before the size change is observed, the log's
    // scroll event of a position it was already at is dispatched (a slow frame after its own scroll).
    app.style.height = '300px';
    el.dispatchEvent(new Event('scroll'));
    await waitFor('the bottom after the resize', () => fromBottom(el) <= 1);
    equal(jumpButton(app), null, 'no pill: the visitor did not scroll');
  });

  it('scrolled up, a new message shows a "New messages ↓" pill instead of moving; the pill jumps to it', async () => {
    const { scripted, app, el } = await logAtBottom(400);
    el.scrollTop = 0;
    el.dispatchEvent(new Event('scroll'));
    await nextFrame();
    scripted.add('agent', long(1));
    const pill = await waitFor('the pill', () => jumpButton(app));
    equal(el.scrollTop, 0, 'the view did not move');
    equal(pill.title, '1 new message');
    equal(pill.textContent?.startsWith('New messages'), true);
    await assertAccessible(app, 'the log with the pill');
    pill.click();
    await waitFor('the bottom after the jump', () => fromBottom(el) <= 1);
    await waitFor('the pill to go', () => jumpButton(app) === null);
  });
});

/**
 * End to end on the demo host page: two tabs of the same site share one live conversation, and
 * the loader's launcher counts what the agent wrote while the panel was closed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useRealStack } from '../support/fixtures.ts';
import {
  bodiesBy,
  collectPageErrors,
  customerOf,
  messageLog,
  openPanel,
  say,
  startChat,
  waitFor,
  widget,
  conversationWith,
} from './support/e2e.ts';

const rig = useRealStack({ emulator: { autoAgent: false } });

test('two tabs of the same site show the same conversation, both live', async () => {
  const context = await rig.browser.newContext();
  const errors = collectPageErrors(context);
  const tabA = await context.newPage();
  await tabA.goto(rig.stack.hostUrl);
  const a = await openPanel(tabA);
  await startChat(tabA, { name: 'Eve', question: 'Two tabs?' });
  const conversation = await conversationWith(rig.flex, 'Two tabs?');
  const visitor = customerOf(conversation).identity;
  await rig.flex.agentJoins(conversation.sid);

  // The second tab: no form, the same history.
  const tabB = await context.newPage();
  await tabB.goto(rig.stack.hostUrl);
  const b = await openPanel(tabB);
  await messageLog(tabB).getByText('Two tabs?').waitFor();
  assert.equal(await b.getByRole('button', { name: 'Start chat' }).count(), 0);

  // Live in both: the agent's message, and each tab's messages in the other.
  await rig.flex.agentSays(conversation.sid, 'I see you in both.');
  await messageLog(tabA).getByText('I see you in both.').waitFor();
  await messageLog(tabB).getByText('I see you in both.').waitFor();
  await say(tabB, 'Written in tab B');
  await messageLog(tabA).getByText('Written in tab B').waitFor();
  await say(tabA, 'Written in tab A');
  await messageLog(tabB).getByText('Written in tab A').waitFor();
  await rig.flex.agentTypes(conversation.sid);
  await a.getByText('Alex is typing…').waitFor();
  await b.getByText('Alex is typing…').waitFor();

  assert.deepEqual(
    bodiesBy(await rig.flex.conversation(conversation.sid), visitor),
    ['Two tabs?', 'Written in tab B', 'Written in tab A'],
    'each once',
  );
  for (const tab of [tabA, tabB]) {
    assert.equal(await messageLog(tab).getByText('Written in tab B', { exact: true }).count(), 1);
    assert.equal(await messageLog(tab).getByText('Written in tab A', { exact: true }).count(), 1);
  }
  assert.equal((await rig.flex.conversations()).length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the launcher counts unread agent messages while the panel is closed, after a reload too; opening reads them', async () => {
  const context = await rig.browser.newContext();
  const errors = collectPageErrors(context);
  const page = await context.newPage();
  await page.goto(rig.stack.hostUrl);
  await page.evaluate(() => {
    interface Api {
      on(e: 'unreadChange', h: (d: { count: number }) => void): void;
      on(e: 'message', h: (d: { author: string; body: string }) => void): void;
    }
    const w = window as unknown as { unreadCounts: number[]; messages: string[]; FlexWebchat: Api };
    w.unreadCounts = [];
    w.messages = [];
    w.FlexWebchat.on('unreadChange', ({ count }) => w.unreadCounts.push(count));
    w.FlexWebchat.on('message', ({ author, body }) => w.messages.push(`${author}: ${body}`));
  });
  const w = await openPanel(page);
  await startChat(page, { name: 'Fay', question: 'Any news?' });
  const conversation = await conversationWith(rig.flex, 'Any news?');
  const visitor = () => rig.flex.conversation(conversation.sid).then((c) => customerOf(c));
  await messageLog(page).getByText('Welcome Fay!', { exact: false }).waitFor();

  await w.getByRole('button', { name: 'Close chat' }).click();
  const launcher = page.getByRole('button', { name: /^Open chat/ });
  await launcher.waitFor();
  assert.equal(await launcher.getAttribute('aria-label'), 'Open chat');

  await rig.flex.agentJoins(conversation.sid);
  await rig.flex.agentSays(conversation.sid, 'Your parcel left the depot.');
  await rig.flex.agentSays(conversation.sid, 'It arrives tomorrow.');
  await page.getByRole('button', { name: 'Open chat, 2 unread messages' }).waitFor();
  const lastIndex = (await rig.flex.conversation(conversation.sid)).messages.at(-1)!.index;
  assert.ok(((await visitor()).lastReadMessageIndex ?? -1) < lastIndex, 'not read while the panel is closed');
  assert.deepEqual(
    await page.evaluate(() => (window as unknown as { unreadCounts: number[] }).unreadCounts.slice(-2)),
    [1, 2],
  );
  // (The welcome may come with the first page of history, before the SDK listens, so it is left out.)
  assert.deepEqual(
    (await page.evaluate(() => (window as unknown as { messages: string[] }).messages)).filter(
      (m) => !m.startsWith('Concierge'),
    ),
    ['Alex: Your parcel left the depot.', 'Alex: It arrives tomorrow.'],
    "the host's `message` events carry the agent's name",
  );

  // A reload: the returning visitor's widget comes back at idle time, badge included, without a click.
  await page.reload();
  await page.getByRole('button', { name: 'Open chat, 2 unread messages' }).waitFor();

  // Opening the panel shows them after a "New messages" divider and moves the read horizon.
  await page.getByRole('button', { name: 'Open chat, 2 unread messages' }).click();
  await messageLog(page).getByText('It arrives tomorrow.').waitFor();
  await messageLog(page).getByText('New messages').waitFor();
  await waitFor('the read horizon in Flex', async () => (await visitor()).lastReadMessageIndex === lastIndex);
  await widget(page).getByRole('button', { name: 'Close chat' }).click();
  await page.getByRole('button', { name: 'Open chat', exact: true }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * The control API the agent console's list and toolbar stand on: accepting as a named agent,
 * auto-agent on/off at runtime, search, each entry's last message, and the events for a deleted
 * conversation and changed settings.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator/index.ts';
import type { ControlEvent } from '../../emulator/control-client.ts';
import { apiKeyAuth, control, createWebChat, emulator, flexOf, postRestMessage, waitUntil } from './helpers.ts';

interface ErrorBody {
  error: { code: string; message: string };
}

let emu: RunningEmulator;
before(async () => {
  emu = await emulator({ autoAgent: false, autoAgentDelayMs: 50 });
});
after(() => emu.close());

/** The visitor asks (a webhook-enabled message: Studio's "Send to Flex"), so the chat joins the queue. */
async function visitorAsks(name: string, question: string): Promise<{ sid: string; identity: string }> {
  const chat = await createWebChat(emu, {
    CustomerFriendlyName: name,
    PreEngagementData: JSON.stringify({ friendlyName: name, question }),
  });
  const response = await postRestMessage(emu, chat.conversationSid, { Author: chat.identity, Body: question }, true);
  assert.equal(response.status, 201);
  return { sid: chat.conversationSid, identity: chat.identity };
}

/** Follows GET /emulator/events; `next` resolves with the first event (from now on, or already seen) that passes. */
async function followEvents() {
  const abort = new AbortController();
  const response = await fetch(`${emu.url}/emulator/events`, { signal: abort.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const seen: ControlEvent[] = [];
  let buffer = '';
  return {
    async next(test: (event: ControlEvent) => boolean): Promise<ControlEvent> {
      for (;;) {
        const index = seen.findIndex(test);
        if (index >= 0) return seen.splice(index, 1)[0]!;
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += decoder.decode(value, { stream: true });
        const parts = buffer.split('\n\n');
        buffer = parts.pop() ?? '';
        for (const part of parts) if (part.startsWith('data: ')) seen.push(JSON.parse(part.slice(6)) as ControlEvent);
      }
    },
    close: () => abort.abort(),
  };
}

test('accepting as a name joins that agent (agent.sam as Sam), not Alex renamed', async () => {
  const flex = flexOf(emu);
  const first = await visitorAsks('Ann', 'Where is my order?');
  await flex.agentJoins(first.sid);
  const second = await visitorAsks('Bo', 'Can I return it?');

  assert.deepEqual(await flex.agentJoins(second.sid, { friendlyName: 'Sam' }), {
    identity: 'agent.sam',
    friendlyName: 'Sam',
  });
  const agents = (await flex.conversation(second.sid)).participants.filter((p) => p.role === 'agent');
  assert.deepEqual(
    agents.map((p) => [p.identity, p.friendlyName]),
    [['agent.sam', 'Sam']],
  );
  assert.equal((await flex.conversation(second.sid)).waitingForAgent, false);
  const alex = (await flex.conversation(first.sid)).participants.find((p) => p.role === 'agent');
  assert.equal(alex?.friendlyName, 'Alex', "Alex's name is left alone in Alex's conversation");

  // A name in another script, or with spaces, still makes one identity.
  const third = await visitorAsks('Cy', 'Hello?');
  assert.deepEqual(await flex.agentJoins(third.sid, { friendlyName: 'Dana Cohen' }), {
    identity: 'agent.dana-cohen',
    friendlyName: 'Dana Cohen',
  });
});

test('GET /emulator/settings shows auto-agent; POST turns it on and off at runtime, and validates', async () => {
  const flex = flexOf(emu);
  assert.deepEqual(await flex.settings(), { autoAgent: false, autoAgentDelayMs: 50 });

  // Off: the visitor waits.
  const waiting = await visitorAsks('Dee', 'Anyone there?');
  await new Promise((resolve) => setTimeout(resolve, 200));
  let conversation = await flex.conversation(waiting.sid);
  assert.equal(conversation.waitingForAgent, true);
  assert.equal(conversation.participants.filter((p) => p.role === 'agent').length, 0);

  // On: an agent becomes available and accepts what is waiting.
  const events = await followEvents();
  try {
    assert.deepEqual(await flex.changeSettings({ autoAgent: true }), { autoAgent: true, autoAgentDelayMs: 50 });
    assert.deepEqual(
      await events.next((e) => e.type === 'settings'),
      { type: 'settings', settings: { autoAgent: true, autoAgentDelayMs: 50 } },
      'every console hears of it',
    );
  } finally {
    events.close();
  }
  await waitUntil(
    async () => (await flex.conversation(waiting.sid)).participants.some((p) => p.identity === 'agent.alex'),
    'the auto-agent accepted the waiting conversation',
  );
  conversation = await flex.conversation(waiting.sid);
  assert.equal(conversation.waitingForAgent, false);
  assert.match(conversation.messages.at(-1)?.body ?? '', /^Hi Dee, I'm Alex\./);

  // Off again, with a longer delay: the next visitor waits.
  assert.deepEqual(await flex.changeSettings({ autoAgent: false, autoAgentDelayMs: 10 }), {
    autoAgent: false,
    autoAgentDelayMs: 10,
  });
  const next = await visitorAsks('Eve', 'Hello?');
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal((await flex.conversation(next.sid)).waitingForAgent, true);

  for (const [body, pattern] of [
    [{ autoAgent: 'yes' }, /"autoAgent" must be true or false/],
    [{ autoAgentDelayMs: -1 }, /"autoAgentDelayMs" must be a whole number/],
    [{ autoAgentDelayMs: 1.5 }, /"autoAgentDelayMs" must be a whole number/],
    [{ agent: true }, /Unknown field\(s\) "agent"/],
  ] as const) {
    const refused = await control<ErrorBody>(emu, 'POST', '/emulator/settings', body);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'invalid_request');
    assert.match(refused.body.error.message, pattern);
  }
  assert.deepEqual(
    await flex.settings(),
    { autoAgent: false, autoAgentDelayMs: 10 },
    'a refused change changes nothing',
  );
});

test('turning auto-agent off stops the auto-agent that was about to accept', async () => {
  const flex = flexOf(emu);
  await flex.changeSettings({ autoAgent: true, autoAgentDelayMs: 300 });
  const chat = await visitorAsks('Flo', 'Quick question');
  await flex.changeSettings({ autoAgent: false });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const conversation = await flex.conversation(chat.sid);
  assert.equal(conversation.waitingForAgent, true);
  assert.equal(conversation.participants.filter((p) => p.role === 'agent').length, 0);
});

test('each summary carries its last message (text, author, files); none before the first', async () => {
  const flex = flexOf(emu);
  const chat = await createWebChat(emu, { CustomerFriendlyName: 'Gus' });
  let summary = (await flex.conversations()).find((c) => c.sid === chat.conversationSid);
  assert.equal(summary?.lastMessage, null);
  await flex.agentJoins(chat.conversationSid);
  await flex.agentSays(chat.conversationSid, 'Here is the label', {
    filename: 'label.png',
    contentType: 'image/png',
    bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
  });
  summary = (await flex.conversations()).find((c) => c.sid === chat.conversationSid);
  const { dateCreated, ...last } = summary?.lastMessage ?? { dateCreated: '' };
  assert.deepEqual(last, { index: 0, author: 'agent.alex', body: 'Here is the label', mediaCount: 1 });
  assert.ok(!Number.isNaN(Date.parse(dateCreated)), 'dateCreated is a date');
});

test('?search= finds by visitor name, question, message text and SID, ignoring case and accents', async () => {
  const flex = flexOf(emu);
  const rene = await visitorAsks('René Artois', 'Do you ship to Nouvion?');
  const other = await visitorAsks('Yvette', 'Opening hours?');
  await postRestMessage(emu, other.sid, { Author: other.identity, Body: 'And the café menu, please' }, false);
  const sidsFor = async (search: string) => (await flex.conversations({ search })).map((c) => c.sid);

  assert.deepEqual(await sidsFor('rene'), [rene.sid], 'name, without its accent');
  assert.deepEqual(await sidsFor('NOUVION'), [rene.sid], 'the question');
  assert.deepEqual(await sidsFor('cafe menu'), [other.sid], 'a later message');
  assert.deepEqual(await sidsFor(other.sid.slice(2, 14).toLowerCase()), [other.sid], 'part of the SID');
  assert.deepEqual(await sidsFor('no such words'), []);
  assert.equal((await sidsFor('  ')).length, (await flex.conversations()).length, 'blank searches nothing out');

  const refused = await control<ErrorBody>(emu, 'GET', '/emulator/conversations?state=closed');
  assert.equal(refused.status, 400);
  assert.match(refused.body.error.message, /Unknown parameter\(s\) state; the list takes "search"/);
  const tooLong = await control<ErrorBody>(emu, 'GET', `/emulator/conversations?search=${'x'.repeat(257)}`);
  assert.equal(tooLong.status, 400);
});

test('a conversation deleted through REST is announced as removed on the event stream', async () => {
  const chat = await createWebChat(emu, { CustomerFriendlyName: 'Hal' });
  const events = await followEvents();
  try {
    const response = await fetch(`${emu.url}/conversations/v1/Conversations/${chat.conversationSid}`, {
      method: 'DELETE',
      headers: { Authorization: apiKeyAuth(emu) },
    });
    assert.equal(response.status, 204);
    assert.deepEqual(await events.next((e) => e.type === 'conversationRemoved'), {
      type: 'conversationRemoved',
      sid: chat.conversationSid,
    });
  } finally {
    events.close();
  }
});

test('a reset announces every conversation it forgets as removed', async () => {
  const flex = flexOf(emu);
  const sids = (await flex.conversations()).map((c) => c.sid);
  assert.ok(sids.length > 0);
  const events = await followEvents();
  try {
    await flex.reset();
    const removed: string[] = [];
    for (const _ of sids) {
      const event = await events.next((e) => e.type === 'conversationRemoved');
      if (event.type === 'conversationRemoved') removed.push(event.sid);
    }
    assert.deepEqual(removed.sort(), [...sids].sort());
  } finally {
    events.close();
  }
});

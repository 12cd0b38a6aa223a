/** The REST calls our server makes (Flex WebChats, Conversations v1), with Twilio's auth and errors. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator/index.ts';
import { apiKeyAuth, basicAuth, createWebChat, flexOf, emulator, postRestMessage, waitUntil } from './helpers.ts';

describe('REST as our server calls it', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await emulator({ autoAgent: true, autoAgentDelayMs: 50 });
  });
  after(() => emu.close());

  const get = (path: string, auth = apiKeyAuth(emu)) =>
    fetch(`${emu.url}${path}`, { headers: { Authorization: auth } });
  const summary = (sid: string) => flexOf(emu).conversation(sid);

  test('WebChats creates a conversation with the pre-engagement data and the customer as participant', async () => {
    const chat = await createWebChat(emu, {
      ChatFriendlyName: 'Webchat',
      CustomerFriendlyName: 'Ann',
      PreEngagementData: JSON.stringify({ friendlyName: 'Ann', question: 'Hello?' }),
    });
    assert.match(chat.conversationSid, /^CH[0-9a-f]{32}$/);
    assert.ok(chat.identity.length > 0);
    const conversation = (await (
      await get(`/conversations/v1/Conversations/${chat.conversationSid}`)
    ).json()) as Record<string, unknown>;
    assert.equal(conversation.sid, chat.conversationSid);
    assert.equal(conversation.state, 'active');
    assert.equal(conversation.friendly_name, 'Webchat');
    assert.deepEqual(
      (JSON.parse(String(conversation.attributes)) as { pre_engagement_data: unknown }).pre_engagement_data,
      {
        friendlyName: 'Ann',
        question: 'Hello?',
      },
    );
    const participants = (await (
      await get(`/conversations/v1/Conversations/${chat.conversationSid}/Participants?PageSize=100`)
    ).json()) as {
      participants: { identity: string }[];
    };
    assert.deepEqual(
      participants.participants.map((p) => p.identity),
      [chat.identity],
    );
    const listed = await summary(chat.conversationSid);
    assert.deepEqual(listed.participants, [
      { identity: chat.identity, friendlyName: 'Ann', role: 'customer', lastReadMessageIndex: null },
    ]);
  });

  test('WebChats reuses a given Identity and accepts the account SID + auth token', async () => {
    const response = await fetch(`${emu.url}/flex-api/v2/WebChats`, {
      method: 'POST',
      headers: {
        Authorization: basicAuth(emu.credentials.accountSid, emu.credentials.authToken),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ AddressSid: emu.credentials.flexAddressSid, Identity: 'returning-visitor' }),
    });
    assert.equal(response.status, 201);
    assert.equal(((await response.json()) as { identity: string }).identity, 'returning-visitor');
  });

  test('WebChats with a service SID (IS…) as AddressSid explains the mistake', async () => {
    const response = await fetch(`${emu.url}/flex-api/v2/WebChats`, {
      method: 'POST',
      headers: { Authorization: apiKeyAuth(emu), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ AddressSid: emu.credentials.conversationsServiceSid }),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { message: string; status: number };
    assert.equal(body.status, 400);
    assert.match(body.message, /is invalid/);
    assert.match(body.message, /address SID, IG/);
  });

  test('wrong Basic auth is rejected with 401, code 20003, in Twilio error shape', async () => {
    for (const auth of [basicAuth(emu.credentials.apiKeySid, 'wrong-secret'), basicAuth('ACnope', 'nope'), '']) {
      const response = await fetch(`${emu.url}/flex-api/v2/WebChats`, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ AddressSid: emu.credentials.flexAddressSid }),
      });
      assert.equal(response.status, 401);
      assert.deepEqual(await response.json(), {
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      });
    }
    assert.equal(
      (await get('/conversations/v1/Conversations/CH00000000000000000000000000000000', basicAuth('x', 'y'))).status,
      401,
    );
  });

  test('a webhook-enabled message brings the auto-agent, who greets; a webhook-disabled one does not', async () => {
    const quiet = await createWebChat(emu, { CustomerFriendlyName: 'Quinn' });
    const routed = await createWebChat(emu, { CustomerFriendlyName: 'Rita' });
    assert.equal(
      (await postRestMessage(emu, quiet.conversationSid, { Author: quiet.identity, Body: 'Welcome!' }, false)).status,
      201,
    );
    assert.equal(
      (await postRestMessage(emu, routed.conversationSid, { Author: routed.identity, Body: 'My question' }, true))
        .status,
      201,
    );
    await waitUntil(async () => (await summary(routed.conversationSid)).messageCount === 2, 'the agent greeted');
    const detail = await flexOf(emu).conversation(routed.conversationSid);
    assert.deepEqual(
      detail.participants.map((p) => [p.identity, p.role, p.friendlyName]),
      [
        [routed.identity, 'customer', 'Rita'],
        ['agent.alex', 'agent', 'Alex'],
      ],
    );
    assert.equal(detail.messages[1]?.author, 'agent.alex');
    assert.match(detail.messages[1]?.body ?? '', /Rita/);
    // Both were scheduled with the same delay, the quiet one first: had it been routed, its agent would be there.
    const quietSummary = await summary(quiet.conversationSid);
    assert.deepEqual(
      quietSummary.participants.map((p) => p.role),
      ['customer'],
    );
    assert.equal(quietSummary.waitingForAgent, false);
  });

  test('with auto-agent off, a routed conversation waits in the queue', async () => {
    const manual = await emulator({ autoAgent: false });
    try {
      const chat = await createWebChat(manual);
      await postRestMessage(manual, chat.conversationSid, { Author: chat.identity, Body: 'Anyone?' }, true);
      const list = await flexOf(manual).conversations();
      assert.equal(list.find((c) => c.sid === chat.conversationSid)?.waitingForAgent, true);
      await flexOf(manual).agentJoins(chat.conversationSid);
      assert.equal((await flexOf(manual).conversation(chat.conversationSid)).waitingForAgent, false);
    } finally {
      await manual.close();
    }
  });

  test('lists messages in pages, and answers Twilio errors for unknown resources and bad requests', async () => {
    const chat = await createWebChat(emu);
    for (const body of ['a', 'b', 'c'])
      await postRestMessage(emu, chat.conversationSid, { Author: 'Concierge', Body: body }, false);
    const first = (await (
      await get(`/conversations/v1/Conversations/${chat.conversationSid}/Messages?PageSize=2`)
    ).json()) as {
      messages: { body: string; index: number }[];
      meta: { next_page_url: string | null };
    };
    assert.deepEqual(
      first.messages.map((m) => m.body),
      ['a', 'b'],
    );
    assert.ok(first.meta.next_page_url);
    assert.ok(
      first.meta.next_page_url.startsWith(`${emu.url}/conversations/v1/`),
      "the link carries the emulator's own base URL",
    );
    const second = (await (
      await fetch(first.meta.next_page_url, { headers: { Authorization: apiKeyAuth(emu) } })
    ).json()) as {
      messages: { body: string }[];
      meta: { next_page_url: string | null };
    };
    assert.deepEqual(
      second.messages.map((m) => m.body),
      ['c'],
    );
    assert.equal(second.meta.next_page_url, null);

    const missing = await get('/conversations/v1/Conversations/CH00000000000000000000000000000000');
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: number }).code, 20404);
    const empty = await postRestMessage(emu, chat.conversationSid, { Author: 'x' }, false);
    assert.equal(empty.status, 400);
  });

  test("a user is fetched by identity or by SID (its friendly name); an unknown one is Twilio's 404 20404", async () => {
    const chat = await createWebChat(emu, { CustomerFriendlyName: 'Ula' });
    const byIdentity = (await (await get(`/conversations/v1/Users/${encodeURIComponent(chat.identity)}`)).json()) as {
      sid: string;
      identity: string;
      friendly_name: string;
    };
    assert.equal(byIdentity.identity, chat.identity);
    assert.equal(byIdentity.friendly_name, 'Ula');
    const bySid = (await (await get(`/conversations/v1/Users/${byIdentity.sid}`)).json()) as { identity: string };
    assert.equal(bySid.identity, chat.identity);
    const unknown = await get('/conversations/v1/Users/nobody-here');
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { code: number }).code, 20404);
  });

  test('failNext makes the next matching REST call fail once', async () => {
    await flexOf(emu).faults({ failNext: { match: '/v2/WebChats', status: 500, count: 1 } });
    await assert.rejects(createWebChat(emu), /500/);
    assert.ok((await createWebChat(emu)).conversationSid);
  });

  test('State=closed through REST is the visitor ending the chat; the console control call is the agent', async () => {
    const close = (sid: string) =>
      fetch(`${emu.url}/conversations/v1/Conversations/${sid}`, {
        method: 'POST',
        headers: { Authorization: apiKeyAuth(emu), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ State: 'closed' }),
      });
    const byVisitor = await createWebChat(emu);
    assert.equal((await summary(byVisitor.conversationSid)).endedBy, null);
    const answer = await close(byVisitor.conversationSid);
    assert.equal(answer.status, 200);
    assert.equal(((await answer.json()) as { state: string }).state, 'closed');
    const closed = await summary(byVisitor.conversationSid);
    assert.equal(closed.state, 'closed');
    assert.equal(closed.endedBy, 'visitor');

    const byAgent = await createWebChat(emu);
    await flexOf(emu).setState(byAgent.conversationSid, 'closed');
    assert.equal((await summary(byAgent.conversationSid)).endedBy, 'agent');
  });

  test('a message makes an inactive conversation active again; a closed one refuses messages', async () => {
    const chat = await createWebChat(emu);
    await flexOf(emu).setState(chat.conversationSid, 'inactive');
    const posted = await postRestMessage(emu, chat.conversationSid, { Author: chat.identity, Body: 'back' }, false);
    assert.equal(posted.status, 201);
    const summaryAfter = await summary(chat.conversationSid);
    assert.equal(summaryAfter.state, 'active');
    assert.equal(summaryAfter.endedBy, null);
    await flexOf(emu).setState(chat.conversationSid, 'closed');
    const refused = await postRestMessage(emu, chat.conversationSid, { Author: chat.identity, Body: 'late' }, false);
    assert.equal(refused.status, 409);
  });
});

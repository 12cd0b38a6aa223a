/**
 * POST /api/webchat/recent on the Flex emulator: a visitor with a token gets the latest messages of
 * their open conversation (at most 30, oldest first, with authors' names and no identities), so the
 * widget can show them while the SDK connects; everyone else gets the refresh's refusals, and the
 * first call after the conversation closed is refused at once.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RECENT_LIMIT } from '../../contracts/recent-messages.ts';
import { useStack } from '../support/fixtures.ts';

type Json = Record<string, unknown>;

describe('POST /api/webchat/recent', () => {
  const rig = useStack({ emulator: { autoAgent: false } });
  const post = async (path: string, body: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${rig.stack.serverUrl}${path}`, {
      method: 'POST',
      headers: { Origin: rig.stack.serverUrl, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const start = async (friendlyName: string, question: string) => {
    const answer = await post('/api/webchat/init', { friendlyName, question });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body as { token: string; conversationSid: string; identity: string };
  };
  const codeOf = (answer: { body: Json }) => (answer.body.error as { code: string }).code;

  test('the latest 30 messages of the open conversation, oldest first, named, without identities', async () => {
    const visitor = await start('Ada', 'Where is order 4711?');
    // The welcome is posted in the background after init answers: the lines come after it.
    while ((await rig.flex.conversation(visitor.conversationSid)).messageCount < 2)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await rig.flex.agentJoins(visitor.conversationSid);
    for (let i = 0; i < 40; i++) {
      await rig.flex.agentSays(
        visitor.conversationSid,
        `Line ${i}`,
        undefined,
        i % 4 === 0 ? visitor.identity : 'agent.alex',
      );
    }
    const answer = await post('/api/webchat/recent', {
      token: visitor.token,
      conversationSid: visitor.conversationSid,
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const messages = answer.body.messages as { sid: string; own: boolean; authorName: string; body: string }[];
    assert.equal(messages.length, RECENT_LIMIT);
    assert.deepEqual(
      messages.map((m) => m.body),
      Array.from({ length: RECENT_LIMIT }, (_, i) => `Line ${i + 10}`),
      'the newest 30, oldest first',
    );
    assert.deepEqual(
      messages.slice(0, 2).map((m) => [m.own, m.authorName]),
      [
        [false, 'Alex'],
        [false, 'Alex'],
      ],
    );
    assert.deepEqual([messages[2]!.own, messages[2]!.authorName], [true, ''], 'Line 12 is the visitor’s own');
    assert.ok(messages.every((m) => /^IM[0-9a-f]{32}$/.test(m.sid)));
    assert.ok(!JSON.stringify(answer.body).includes(visitor.identity), 'no identity in the answer');
    assert.ok(!JSON.stringify(answer.body).includes('agent.alex'), 'no agent identity in the answer');
  });

  test('refused like a refresh: another conversation, a forged token, bad input; and at once once closed', async () => {
    const ada = await start('Ada', 'Hello');
    const bob = await start('Bob', 'Hi');
    const other = await post('/api/webchat/recent', { token: ada.token, conversationSid: bob.conversationSid });
    assert.deepEqual([other.status, codeOf(other)], [401, 'invalid_token']);
    const forged = await post('/api/webchat/recent', {
      token: `${ada.token.slice(0, -2)}xx`,
      conversationSid: ada.conversationSid,
    });
    assert.deepEqual([forged.status, codeOf(forged)], [401, 'invalid_token']);
    const bad = await post('/api/webchat/recent', { token: ada.token, conversationSid: 'CH123' });
    assert.deepEqual([bad.status, codeOf(bad)], [400, 'invalid_request']);
    assert.match(String((bad.body.error as { message: string }).message), /conversationSid/);

    assert.equal(
      (await post('/api/webchat/recent', { token: ada.token, conversationSid: ada.conversationSid })).status,
      200,
    );
    await rig.flex.setState(ada.conversationSid, 'closed');
    const closed = await post('/api/webchat/recent', { token: ada.token, conversationSid: ada.conversationSid });
    assert.deepEqual([closed.status, codeOf(closed)], [401, 'session_expired']);
  });
});

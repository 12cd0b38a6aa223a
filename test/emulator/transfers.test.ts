/**
 * Transfers and several agents through the control API (POST …/agent, …/transfer, …/leave), and
 * what the unmodified SDK in Node sees of them: participantJoined / participantLeft with the
 * agents' identities and user friendly names, and messages authored by each agent.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Participant } from '@twilio/conversations';
import { agentsOf, ControlApiError } from '../../emulator/control-client.ts';
import type { RunningEmulator } from '../../emulator/index.ts';
import { connect, createWebChat, emulator, flexOf, nextEvent, open, waitUntil } from './helpers.ts';

async function refusal(promise: Promise<unknown>): Promise<ControlApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ControlApiError) return error;
    throw error;
  }
  assert.fail('expected the control API to refuse');
}

describe('transfers through the control API', () => {
  let emu: RunningEmulator;
  before(async () => (emu = await emulator()));
  after(() => emu.close());

  test('a cold transfer: the other agent joins, then the one who transferred leaves', async () => {
    const flex = flexOf(emu);
    const chat = await createWebChat(emu);
    await flex.agentJoins(chat.conversationSid, { identity: 'agent.alex', friendlyName: 'Alex' });
    const result = await flex.transfer(chat.conversationSid, { to: { friendlyName: 'Sam' }, mode: 'cold' });
    assert.equal(result.mode, 'cold');
    assert.deepEqual(result.from, { identity: 'agent.alex', friendlyName: 'Alex' });
    assert.deepEqual(result.to, { identity: 'agent.sam', friendlyName: 'Sam' });
    assert.deepEqual(
      agentsOf(result.conversation).map((a) => [a.identity, a.friendlyName]),
      [['agent.sam', 'Sam']],
    );
    assert.equal(result.conversation.waitingForAgent, false);
    const said = await flex.agentSays(chat.conversationSid, 'Sam here.', undefined, 'agent.sam');
    assert.equal(said.author, 'agent.sam');
  });

  test('a warm transfer keeps both agents until one leaves; the current agent is the latest to join', async () => {
    const flex = flexOf(emu);
    const chat = await createWebChat(emu);
    await flex.agentJoins(chat.conversationSid, { identity: 'agent.alex', friendlyName: 'Alex' });
    const result = await flex.transfer(chat.conversationSid, {
      from: 'agent.alex',
      to: { identity: 'agent.sam', friendlyName: 'Sam' },
      mode: 'warm',
    });
    assert.deepEqual(
      agentsOf(result.conversation).map((a) => a.identity),
      ['agent.alex', 'agent.sam'],
    );
    // Several agents: "from" must say who transfers.
    const ambiguous = await refusal(flex.transfer(chat.conversationSid, { to: { friendlyName: 'Kim' }, mode: 'cold' }));
    assert.equal(ambiguous.status, 400);
    assert.match(ambiguous.message, /several agents .*"agent\.alex", "agent\.sam".*"from"/);
    const left = await flex.agentLeaves(chat.conversationSid, 'agent.alex');
    assert.deepEqual(
      agentsOf(left).map((a) => a.identity),
      ['agent.sam'],
    );
    assert.equal(left.state, 'active');
  });

  test('refusals say what to fix', async () => {
    const flex = flexOf(emu);
    const chat = await createWebChat(emu);
    const sid = chat.conversationSid;
    const noAgent = await refusal(flex.transfer(sid, { to: { friendlyName: 'Sam' }, mode: 'cold' }));
    assert.equal(noAgent.status, 409);
    assert.match(noAgent.message, /no agent to transfer from/);
    await flex.agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
    const badMode = await refusal(flex.transfer(sid, { to: { friendlyName: 'Sam' }, mode: 'hot' as 'cold' }));
    assert.equal(badMode.status, 400);
    assert.match(badMode.message, /"mode" must be "cold".*or "warm"/);
    const noTarget = await refusal(flex.transfer(sid, { to: {}, mode: 'cold' }));
    assert.match(noTarget.message, /"to" needs an "identity", a "friendlyName" or both/);
    const self = await refusal(flex.transfer(sid, { to: { identity: 'agent.alex' }, mode: 'warm' }));
    assert.match(self.message, /the agent who transfers/);
    const toCustomer = await refusal(flex.transfer(sid, { to: { identity: chat.identity }, mode: 'warm' }));
    assert.equal(toCustomer.status, 409);
    const notAnAgent = await refusal(
      flex.transfer(sid, { from: 'agent.nobody', to: { friendlyName: 'Sam' }, mode: 'cold' }),
    );
    assert.match(notAnAgent.message, /"agent\.nobody" is not an agent .* its agents are "agent\.alex"/);
    const customerLeaves = await refusal(flex.agentLeaves(sid, chat.identity));
    assert.equal(customerLeaves.status, 409);
    assert.match(customerLeaves.message, /is the customer/);
    await flex.setState(sid, 'closed');
    const closed = await refusal(flex.transfer(sid, { to: { friendlyName: 'Sam' }, mode: 'cold' }));
    assert.equal(closed.code, 'conversation_closed');
    const closedLeave = await refusal(flex.agentLeaves(sid, 'agent.alex'));
    assert.equal(closedLeave.code, 'conversation_closed');
  });
});

describe('what the SDK sees of a transfer', () => {
  let emu: RunningEmulator;
  before(async () => (emu = await emulator()));
  after(() => emu.close());

  test('participantJoined and participantLeft, with identities, user friendly names and each agent as author', async () => {
    const flex = flexOf(emu);
    const chat = await createWebChat(emu);
    const sid = chat.conversationSid;
    await flex.agentJoins(sid, { identity: 'agent.alex', friendlyName: 'Alex' });
    await flex.agentSays(sid, 'Alex here.');
    const client = await connect(emu, chat.identity);
    try {
      const conversation = await open(client, sid);
      assert.deepEqual(
        (await conversation.getParticipants()).map((p) => p.identity).sort(),
        ['agent.alex', chat.identity].sort(),
      );

      const joined = nextEvent<Participant>(conversation, 'participantJoined');
      const left = nextEvent<Participant>(conversation, 'participantLeft');
      await flex.transfer(sid, { to: { identity: 'agent.sam', friendlyName: 'Sam' }, mode: 'cold' });
      const sam = await joined;
      assert.equal(sam.identity, 'agent.sam');
      assert.equal((await sam.getUser()).friendlyName, 'Sam');
      assert.equal((await left).identity, 'agent.alex');

      // The agent who left is still a user: their name stays known for their earlier messages.
      assert.equal((await client.getUser('agent.alex')).friendlyName, 'Alex');

      const added = nextEvent<{ author: string | null; body: string | null }>(conversation, 'messageAdded');
      await flex.agentSays(sid, 'Sam here.', undefined, 'agent.sam');
      const message = await added;
      assert.equal(message.author, 'agent.sam');
      assert.equal(message.body, 'Sam here.');

      // Warm: Kim joins, Sam stays; both type.
      const kimJoined = nextEvent<Participant>(conversation, 'participantJoined');
      await flex.transfer(sid, { to: { friendlyName: 'Kim' }, mode: 'warm' });
      assert.equal((await kimJoined).identity, 'agent.kim');
      const typists = new Set<string>();
      conversation.on('typingStarted', (p: Participant) => typists.add(p.identity ?? ''));
      await flex.agentTypes(sid, 'agent.sam');
      await flex.agentTypes(sid, 'agent.kim');
      await waitUntil(() => typists.has('agent.sam') && typists.has('agent.kim'), 'both agents typing');
      const history = await conversation.getMessages();
      assert.deepEqual(
        history.items.map((m) => m.author),
        ['agent.alex', 'agent.sam'],
      );
    } finally {
      await client.shutdown();
    }
  });
});

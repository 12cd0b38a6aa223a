/**
 * Post-event webhooks as Twilio sends them: to `webhookUrl` (`--webhook-url`) and to
 * conversation-scoped webhooks (Filters, GET), form-encoded with Twilio's parameter names, signed
 * so that the `twilio` library's `validateRequest` accepts them with the dev auth token, fired by
 * SDK actions always and by REST calls only with `X-Twilio-Webhook-Enabled: true`, retried as the
 * URL's connection overrides say, and never holding up the call that caused them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import type { RunningEmulator } from '../../emulator/index.ts';
import { apiKeyAuth, connect, createWebChat, emulator, open, postRestMessage, waitUntil } from './helpers.ts';

interface Delivery {
  method: string;
  /** The URL as the receiver was called (what a receiver validates the signature against). */
  url: string;
  signature: string;
  params: Record<string, string>;
}

/** A webhook receiver: records every request; `answer` decides each response (default 200). */
class Receiver {
  readonly deliveries: Delivery[] = [];
  answer: (delivery: Delivery, response: ServerResponse) => void = (_, response) => response.end();
  private readonly server: Server = createServer((request, response) => void this.take(request, response));
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  of(eventType: string, conversationSid?: string): Delivery[] {
    return this.deliveries.filter(
      (d) =>
        d.params.EventType === eventType &&
        (conversationSid === undefined || d.params.ConversationSid === conversationSid),
    );
  }

  private async take(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    const url = `${this.url}${request.url}`;
    const params = Object.fromEntries(request.method === 'GET' ? new URL(url).searchParams : new URLSearchParams(body));
    const delivery = {
      method: request.method ?? '',
      url,
      signature: String(request.headers['x-twilio-signature']),
      params,
    };
    this.deliveries.push(delivery);
    this.answer(delivery, response);
  }
}

const AUTH_TOKEN = 'emulator-auth-token-0000000000000001';

/** What a receiver does with Twilio's requests: validate the signature with the auth token. */
function signedByTwilio(delivery: Delivery): boolean {
  return twilio.validateRequest(
    AUTH_TOKEN,
    delivery.signature,
    delivery.url,
    delivery.method === 'GET' ? {} : delivery.params,
  );
}

describe('post-event webhooks', () => {
  let emu: RunningEmulator;
  let receiver: Receiver;
  const rest = (method: string, path: string, form?: Record<string, string | string[]>, webhooks = true) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form ?? {}))
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    return fetch(`${emu.url}/conversations/v1${path}`, {
      method,
      headers: {
        Authorization: apiKeyAuth(emu),
        'X-Twilio-Webhook-Enabled': String(webhooks),
        ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body } : {}),
    });
  };

  before(async () => {
    receiver = await new Receiver().start();
    emu = await emulator({ webhookUrl: `${receiver.url}/twilio/conversations?site=demo` });
  });
  after(async () => {
    await emu.close();
    await receiver.close();
  });

  test("the visitor's SDK message: onMessageAdded with Twilio's parameters, signed with the dev auth token", async () => {
    assert.equal(emu.credentials.authToken, AUTH_TOKEN);
    const chat = await createWebChat(emu);
    const sdk = await connect(emu, chat.identity);
    try {
      const conversation = await open(sdk, chat.conversationSid);
      await conversation.sendMessage('Where is my parcel?', { orderId: 7 });
      await waitUntil(() => receiver.of('onMessageAdded', chat.conversationSid).length > 0, 'onMessageAdded');
    } finally {
      await sdk.shutdown();
    }
    const [delivery] = receiver.of('onMessageAdded', chat.conversationSid);
    assert.ok(delivery);
    assert.equal(delivery.method, 'POST');
    assert.equal(delivery.url, `${receiver.url}/twilio/conversations?site=demo`);
    const participant = (await (await rest('GET', `/Conversations/${chat.conversationSid}/Participants`)).json()) as {
      participants: { sid: string }[];
    };
    const { MessageSid, DateCreated, DateUpdated, ...rest_ } = delivery.params;
    assert.match(MessageSid ?? '', /^IM[0-9a-f]{32}$/);
    assert.ok(DateCreated && !Number.isNaN(Date.parse(DateCreated)) && DateUpdated);
    assert.deepEqual(rest_, {
      AccountSid: emu.credentials.accountSid,
      ChatServiceSid: emu.credentials.conversationsServiceSid,
      EventType: 'onMessageAdded',
      Source: 'SDK',
      ClientIdentity: chat.identity,
      ConversationSid: chat.conversationSid,
      Index: '0',
      Body: 'Where is my parcel?',
      Author: chat.identity,
      ParticipantSid: participant.participants[0]?.sid,
      Attributes: '{"orderId":7}',
    });
    assert.equal(signedByTwilio(delivery), true, 'validateRequest accepts it');
    assert.equal(signedByTwilio({ ...delivery, params: { ...delivery.params, Body: 'forged' } }), false);
  });

  test('REST changes fire only with X-Twilio-Webhook-Enabled: true, as Source API', async () => {
    const chat = await createWebChat(emu);
    assert.equal(
      (await postRestMessage(emu, chat.conversationSid, { Author: 'Concierge', Body: 'welcome' }, false)).status,
      201,
    );
    assert.equal(
      (await postRestMessage(emu, chat.conversationSid, { Author: chat.identity, Body: 'question' }, true)).status,
      201,
    );
    await waitUntil(() => receiver.of('onMessageAdded', chat.conversationSid).length > 0, 'onMessageAdded');
    assert.deepEqual(
      receiver
        .of('onMessageAdded', chat.conversationSid)
        .map((d) => [d.params.Body, d.params.Source, d.params.ClientIdentity]),
      [['question', 'API', undefined]],
    );
    assert.deepEqual(receiver.of('onParticipantAdded', chat.conversationSid), [], 'WebChats fires none');
  });

  test('participants joining and leaving, the conversation updated and closed: each event with its parameters', async () => {
    const chat = await createWebChat(emu);
    const path = `/Conversations/${chat.conversationSid}`;
    assert.equal((await rest('POST', `${path}/Participants`, { Identity: 'bot' })).status, 201);
    assert.equal((await rest('DELETE', `${path}/Participants/bot`)).status, 204);
    assert.equal((await rest('POST', path, { FriendlyName: 'Parcel', State: 'closed' })).status, 200);
    await waitUntil(
      () => receiver.of('onConversationUpdated', chat.conversationSid).length > 0,
      'onConversationUpdated',
    );

    const [added] = receiver.of('onParticipantAdded', chat.conversationSid);
    const [removed] = receiver.of('onParticipantRemoved', chat.conversationSid);
    assert.equal(added?.params.Identity, 'bot');
    assert.match(added?.params.ParticipantSid ?? '', /^MB[0-9a-f]{32}$/);
    assert.equal(added?.params.RoleSid, 'RL00000000000000000000000000000002');
    assert.equal(removed?.params.ParticipantSid, added?.params.ParticipantSid);
    const [stateUpdated] = receiver.of('onConversationStateUpdated', chat.conversationSid);
    assert.deepEqual(
      [stateUpdated?.params.StateFrom, stateUpdated?.params.StateTo, stateUpdated?.params.Source],
      ['active', 'closed', 'API'],
    );
    const [updated] = receiver.of('onConversationUpdated', chat.conversationSid);
    assert.deepEqual([updated?.params.FriendlyName, updated?.params.State], ['Parcel', 'closed']);
    for (const delivery of [added, removed, stateUpdated, updated]) assert.equal(signedByTwilio(delivery!), true);
  });

  test('a conversation-scoped webhook gets only its Filters; with Method get, the parameters are in the signed URL', async () => {
    const scoped = await new Receiver().start();
    try {
      const chat = await createWebChat(emu);
      const path = `/Conversations/${chat.conversationSid}`;
      const created = await rest('POST', `${path}/Webhooks`, {
        Target: 'webhook',
        'Configuration.Url': `${scoped.url}/scoped`,
        'Configuration.Method': 'get',
        'Configuration.Filters': ['onMessageAdded'],
      });
      assert.equal(created.status, 201);
      await rest('POST', `${path}/Participants`, { Identity: 'agent.sam' });
      await postRestMessage(emu, chat.conversationSid, { Author: 'agent.sam', Body: 'Hello from Sam' }, true);
      await waitUntil(() => scoped.deliveries.length > 0, 'the scoped webhook');
      await waitUntil(() => receiver.of('onMessageAdded', chat.conversationSid).length > 0, 'the global webhook too');
      assert.deepEqual(
        scoped.deliveries.map((d) => [d.method, d.params.EventType, d.params.Body]),
        [['GET', 'onMessageAdded', 'Hello from Sam']],
      );
      assert.equal(signedByTwilio(scoped.deliveries[0]!), true);
      // Deleted, it gets nothing more.
      const { sid } = (await created.json()) as { sid: string };
      assert.equal((await rest('DELETE', `${path}/Webhooks/${sid}`)).status, 204);
      await postRestMessage(emu, chat.conversationSid, { Author: 'agent.sam', Body: 'Still there?' }, true);
      await waitUntil(() => receiver.of('onMessageAdded', chat.conversationSid).length === 2, 'the global one');
      assert.equal(scoped.deliveries.length, 1);
    } finally {
      await scoped.close();
    }
  });

  test('retried as the URL fragment says, with RetryCount; the fragment is neither sent nor signed', async () => {
    const flaky = await new Receiver().start();
    flaky.answer = (delivery, response) => {
      response.statusCode = flaky.deliveries.indexOf(delivery) < 2 ? 503 : 200;
      response.end();
    };
    try {
      const chat = await createWebChat(emu);
      await rest('POST', `/Conversations/${chat.conversationSid}/Webhooks`, {
        Target: 'webhook',
        'Configuration.Url': `${flaky.url}/hook#rc=3&rp=5xx`,
        'Configuration.Filters': ['onMessageAdded'],
      });
      await postRestMessage(emu, chat.conversationSid, { Author: 'bot', Body: 'ping' }, true);
      await waitUntil(() => flaky.deliveries.length === 3, 'three attempts');
      assert.deepEqual(
        flaky.deliveries.map((d) => [d.url, d.params.RetryCount]),
        [
          [`${flaky.url}/hook`, undefined],
          [`${flaky.url}/hook`, '1'],
          [`${flaky.url}/hook`, '2'],
        ],
      );
      assert.ok(flaky.deliveries.every(signedByTwilio));
    } finally {
      await flaky.close();
    }
  });

  test('the REST call does not wait for its webhook: it answers while the receiver still holds the request', async () => {
    const slow = await new Receiver().start();
    const held: ServerResponse[] = [];
    slow.answer = (_, response) => void held.push(response);
    try {
      const chat = await createWebChat(emu);
      await rest('POST', `/Conversations/${chat.conversationSid}/Webhooks`, {
        Target: 'webhook',
        'Configuration.Url': `${slow.url}/hook`,
        'Configuration.Filters': ['onMessageAdded'],
      });
      const first = await postRestMessage(emu, chat.conversationSid, { Author: 'bot', Body: 'one' }, true);
      assert.equal(first.status, 201);
      await waitUntil(() => held.length === 1, 'the webhook request arriving');
      const second = await postRestMessage(emu, chat.conversationSid, { Author: 'bot', Body: 'two' }, true);
      assert.equal(second.status, 201, 'answered while the first webhook is unanswered');
      assert.equal(slow.deliveries.length, 1, 'deliveries to one URL go in order, one at a time');
      held.forEach((response) => response.end());
      await waitUntil(() => slow.deliveries.length === 2, 'the second delivery after the first');
      held.forEach((response) => response.end());
    } finally {
      await slow.close();
    }
  });
});

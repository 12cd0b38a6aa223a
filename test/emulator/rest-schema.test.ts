/**
 * Fidelity to Twilio's published API: every response body of every REST operation the emulator
 * answers has exactly the properties Twilio's OpenAPI description lists, with their types and
 * formats (fixtures/twilio-rest-schemas.json, reduced from twilio-oai), and the official `twilio`
 * library pages through a list by following the emulator's pagination links.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../emulator/index.ts';
import schemas from './fixtures/twilio-rest-schemas.json' with { type: 'json' };
import { apiKeyAuth, createWebChat, emulator, libraryClient, postRestMessage } from './helpers.ts';

interface Schema {
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
}

/** Where `value` departs from `schema`: exact property sets, types, formats, enums. */
function mismatches(value: unknown, schema: Schema, at = '$'): string[] {
  if (value === null)
    return schema.nullable || schema.type === undefined ? [] : [`${at} is null, which the schema does not allow`];
  const problems: string[] = [];
  switch (schema.type) {
    case undefined:
      return [];
    case 'string':
      if (typeof value !== 'string') return [`${at} should be a string, is ${JSON.stringify(value)}`];
      if (schema.format === 'date-time' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value))
        problems.push(`${at} is not a date-time: ${value}`);
      if (schema.format === 'uri' && !isAbsoluteUrl(value)) problems.push(`${at} is not an absolute URI: ${value}`);
      if (schema.enum && !schema.enum.includes(value))
        problems.push(`${at} is not one of ${schema.enum.join(', ')}: ${value}`);
      return problems;
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at} should be an integer, is ${JSON.stringify(value)}`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at} should be a number, is ${JSON.stringify(value)}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at} should be a boolean, is ${JSON.stringify(value)}`];
    case 'array':
      if (!Array.isArray(value)) return [`${at} should be an array`];
      return schema.items ? value.flatMap((item, i) => mismatches(item, schema.items!, `${at}[${i}]`)) : [];
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at} should be an object`];
      const record = value as Record<string, unknown>;
      if (schema.format === 'uri-map') {
        return Object.entries(record).flatMap(([k, v]) =>
          typeof v === 'string' && isAbsoluteUrl(v) ? [] : [`${at}.${k} is not an absolute URI`],
        );
      }
      if (!schema.properties) return [];
      const expected = Object.keys(schema.properties);
      for (const extra of Object.keys(record).filter((k) => !expected.includes(k)))
        problems.push(`${at}.${extra} is not in Twilio's schema`);
      for (const missing of expected.filter((k) => !(k in record))) problems.push(`${at}.${missing} is missing`);
      for (const [name, property] of Object.entries(schema.properties))
        if (name in record) problems.push(...mismatches(record[name], property, `${at}.${name}`));
      return problems;
    }
    default:
      return [`${at}: the checker does not know type ${schema.type}`];
  }
}

function isAbsoluteUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

function schemaOf(method: string, path: string): { status: number; schema: Schema | null } {
  const operation = schemas.operations.find((o) => o.method === method && o.path === path);
  if (!operation) throw new Error(`no schema for ${method} ${path}`);
  return { status: operation.status, schema: operation.schema as unknown as Schema | null };
}

describe("REST responses match Twilio's OpenAPI description", () => {
  let emu: RunningEmulator;
  let chat: { conversationSid: string; identity: string };
  /** Made by the create cases, fetched, updated and deleted by the later ones. */
  const made: { conversation?: string; message?: string; participant?: string; webhook?: string } = {};
  before(async () => {
    emu = await emulator();
    chat = await createWebChat(emu, { PreEngagementData: JSON.stringify({ question: 'Hi?' }) });
    await postRestMessage(emu, chat.conversationSid, { Author: chat.identity, Body: 'one' }, false);
  });
  after(() => emu.close());

  const call = async (method: string, path: string, form?: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form ?? {}))
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    const response = await fetch(`${emu.url}${path}`, {
      method,
      headers: {
        Authorization: apiKeyAuth(emu),
        ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body } : {}),
    });
    const text = await response.text();
    return { status: response.status, text, body: (text ? JSON.parse(text) : null) as unknown };
  };
  const conversation = () => `/conversations/v1/Conversations/${chat.conversationSid}`;
  const own = () => `/conversations/v1/Conversations/${made.conversation}`;
  const remember = (key: keyof typeof made) => (body: unknown) => {
    made[key] = (body as { sid: string }).sid;
  };

  const cases: {
    method: string;
    specPath: string;
    path: () => string;
    form?: () => Record<string, string | string[]>;
    then?: (body: unknown) => void;
  }[] = [
    {
      method: 'POST',
      specPath: '/v2/WebChats',
      path: () => '/flex-api/v2/WebChats',
      form: () => ({ AddressSid: emu.credentials.flexAddressSid, CustomerFriendlyName: 'Bo' }),
    },
    {
      method: 'POST',
      specPath: '/v1/Conversations',
      path: () => '/conversations/v1/Conversations',
      form: () => ({ FriendlyName: 'Bot test', UniqueName: 'bot-test', Attributes: '{"topic":"billing"}' }),
      then: remember('conversation'),
    },
    { method: 'GET', specPath: '/v1/Conversations', path: () => '/conversations/v1/Conversations?PageSize=2' },
    { method: 'GET', specPath: '/v1/Conversations/{Sid}', path: conversation },
    {
      method: 'POST',
      specPath: '/v1/Conversations/{Sid}',
      path: conversation,
      form: () => ({ FriendlyName: 'Renamed' }),
    },
    {
      method: 'GET',
      specPath: '/v1/Conversations/{ConversationSid}/Messages',
      path: () => `${conversation()}/Messages?PageSize=1`,
    },
    {
      method: 'POST',
      specPath: '/v1/Conversations/{ConversationSid}/Messages',
      path: () => `${conversation()}/Messages`,
      form: () => ({ Author: 'Concierge', Body: 'two', Attributes: '{"a":1}' }),
      then: remember('message'),
    },
    {
      method: 'GET',
      specPath: '/v1/Conversations/{ConversationSid}/Messages/{Sid}',
      path: () => `${conversation()}/Messages/${made.message}`,
    },
    {
      method: 'POST',
      specPath: '/v1/Conversations/{ConversationSid}/Messages/{Sid}',
      path: () => `${conversation()}/Messages/${made.message}`,
      form: () => ({ Body: 'two (edited)' }),
    },
    {
      method: 'GET',
      specPath: '/v1/Conversations/{ConversationSid}/Participants',
      path: () => `${conversation()}/Participants`,
    },
    {
      method: 'POST',
      specPath: '/v1/Conversations/{ConversationSid}/Participants',
      path: () => `${conversation()}/Participants`,
      form: () => ({ Identity: 'agent.sam' }),
      then: remember('participant'),
    },
    {
      method: 'GET',
      specPath: '/v1/Conversations/{ConversationSid}/Participants/{Sid}',
      path: () => `${conversation()}/Participants/${made.participant}`,
    },
    {
      method: 'POST',
      specPath: '/v1/Conversations/{ConversationSid}/Participants/{Sid}',
      path: () => `${conversation()}/Participants/agent.sam`,
      form: () => ({ Attributes: '{"team":"billing"}', LastReadMessageIndex: '0' }),
    },
    {
      method: 'POST',
      specPath: '/v1/Conversations/{ConversationSid}/Webhooks',
      path: () => `${conversation()}/Webhooks`,
      form: () => ({
        Target: 'webhook',
        'Configuration.Url': 'https://bot.example.com/twilio',
        'Configuration.Filters': ['onMessageAdded', 'onParticipantAdded'],
      }),
      then: remember('webhook'),
    },
    {
      method: 'GET',
      specPath: '/v1/Conversations/{ConversationSid}/Webhooks',
      path: () => `${conversation()}/Webhooks`,
    },
    {
      method: 'GET',
      specPath: '/v1/Conversations/{ConversationSid}/Webhooks/{Sid}',
      path: () => `${conversation()}/Webhooks/${made.webhook}`,
    },
    {
      method: 'POST',
      specPath: '/v1/Conversations/{ConversationSid}/Webhooks/{Sid}',
      path: () => `${conversation()}/Webhooks/${made.webhook}`,
      form: () => ({ 'Configuration.Method': 'get' }),
    },
    {
      method: 'GET',
      specPath: '/v1/ParticipantConversations',
      path: () => `/conversations/v1/ParticipantConversations?Identity=${encodeURIComponent(chat.identity)}`,
    },
    {
      method: 'GET',
      specPath: '/v1/Users/{Sid}',
      path: () => `/conversations/v1/Users/${encodeURIComponent(chat.identity)}`,
    },
    {
      method: 'DELETE',
      specPath: '/v1/Conversations/{ConversationSid}/Webhooks/{Sid}',
      path: () => `${conversation()}/Webhooks/${made.webhook}`,
    },
    {
      method: 'DELETE',
      specPath: '/v1/Conversations/{ConversationSid}/Participants/{Sid}',
      path: () => `${conversation()}/Participants/${made.participant}`,
    },
    {
      method: 'DELETE',
      specPath: '/v1/Conversations/{ConversationSid}/Messages/{Sid}',
      path: () => `${conversation()}/Messages/${made.message}`,
    },
    { method: 'DELETE', specPath: '/v1/Conversations/{Sid}', path: own },
  ];

  test('the cases cover every operation of the fixture, each once', () => {
    assert.deepEqual(
      cases.map((c) => `${c.method} ${c.specPath}`).sort(),
      schemas.operations.map((o) => `${o.method} ${o.path}`).sort(),
    );
  });

  for (const { method, specPath, path, form, then } of cases) {
    test(`${method} ${specPath}`, async () => {
      const { status, schema } = schemaOf(method, specPath);
      const response = await call(method, path(), form?.());
      assert.equal(response.status, status, response.text);
      if (schema === null) assert.equal(response.text, '', 'no body');
      else assert.deepEqual(mismatches(response.body, schema), []);
      then?.(response.body);
    });
  }

  test('the checker catches an extra property, a wrong type and a placeholder-less relative link', () => {
    const { schema } = schemaOf('GET', '/v1/Conversations/{ConversationSid}/Participants');
    assert.ok(schema);
    const problems = mismatches(
      { participants: [{ chat_service_sid: 'IS1', index: 'x' }], meta: { url: '/relative' } },
      schema,
    );
    assert.ok(problems.some((p) => p.includes('chat_service_sid is not in')));
    assert.ok(problems.some((p) => p.includes('meta.url is not an absolute URI')));
  });

  test('the twilio library pages through all messages with pageSize 1', async () => {
    for (const body of ['three', 'four'])
      await postRestMessage(emu, chat.conversationSid, { Author: 'Concierge', Body: body }, false);
    const messages = await libraryClient(emu)
      .conversations.v1.conversations(chat.conversationSid)
      .messages.list({ pageSize: 1 });
    const expected = (
      await call('GET', `/conversations/v1/Conversations/${chat.conversationSid}/Messages?PageSize=100`)
    ).body as { messages: { sid: string }[] };
    assert.ok(expected.messages.length >= 2);
    assert.deepEqual(
      messages.map((m) => m.sid),
      expected.messages.map((m) => m.sid),
    );
  });

  test("the twilio library lists a returning customer's conversations, one per page, with their states", async () => {
    const identity = 'returning.customer@example.com';
    const chats = [];
    for (let i = 0; i < 3; i++) chats.push(await createWebChat(emu, { Identity: identity }));
    await call('POST', `/conversations/v1/Conversations/${chats[1]!.conversationSid}`, { State: 'closed' });
    const listed = await libraryClient(emu).conversations.v1.participantConversations.list({ identity, pageSize: 1 });
    assert.deepEqual(
      listed.map((c) => [c.conversationSid, c.conversationState, c.participantIdentity]).sort(),
      chats.map((chat, i) => [chat.conversationSid, i === 1 ? 'closed' : 'active', identity]).sort(),
    );
    const none = await libraryClient(emu).conversations.v1.participantConversations.list({ identity: 'nobody' });
    assert.deepEqual(none, []);
  });

  test('ParticipantConversations: 50 per page at most, and exactly one of Identity or Address', async () => {
    const page = await call(
      'GET',
      `/conversations/v1/ParticipantConversations?Identity=${encodeURIComponent(chat.identity)}&PageSize=500`,
    );
    assert.equal((page.body as { meta: { page_size: number } }).meta.page_size, 50);
    const neither = await call('GET', '/conversations/v1/ParticipantConversations');
    assert.equal(neither.status, 400);
  });
});

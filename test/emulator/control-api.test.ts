/** The control API: every endpoint, its validation, Server-Sent Events, and the agent console route. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { createAgentConsoleApp } from '../../emulator/http/agent-console-app.ts';
import { verifyAccessToken } from '../../emulator/access-token.ts';
import type { RunningEmulator } from '../../emulator/index.ts';
import { control, createWebChat, emulator } from './helpers.ts';

interface ErrorBody {
  error: { code: string; message: string };
}

describe('control API', () => {
  let emu: RunningEmulator;
  let sid: string;
  let customer: string;
  before(async () => {
    emu = await emulator();
    const chat = await createWebChat(emu, { PreEngagementData: JSON.stringify({ question: 'q' }) });
    sid = chat.conversationSid;
    customer = chat.identity;
  });
  after(() => emu.close());

  const expectError = async (
    method: string,
    path: string,
    body: unknown,
    status: number,
    code: string,
    pattern: RegExp,
  ) => {
    const response = await control<ErrorBody>(emu, method, path, body);
    assert.equal(response.status, status, JSON.stringify(response.body));
    assert.equal(response.body.error.code, code);
    assert.match(response.body.error.message, pattern);
  };

  test('GET /emulator/conversations lists conversations with participants and counts', async () => {
    const list = await control<Record<string, unknown>[]>(emu, 'GET', '/emulator/conversations');
    assert.equal(list.status, 200);
    const item = list.body.find((c) => c.sid === sid);
    assert.ok(item);
    assert.equal(item.state, 'active');
    assert.equal(item.friendlyName, 'Webchat');
    assert.deepEqual(item.attributes, { pre_engagement_data: { question: 'q' }, from: 'Ann', channel_type: 'web' });
    assert.deepEqual(item.participants, [
      { identity: customer, friendlyName: 'Ann', role: 'customer', lastReadMessageIndex: null },
    ]);
    assert.equal(item.messageCount, 0);
    assert.equal(item.lastMessageIndex, null);
    assert.equal(typeof item.dateUpdated, 'string');
    await expectError(
      'GET',
      '/emulator/conversations/CH00000000000000000000000000000000',
      undefined,
      404,
      'not_found',
      /GET \/emulator\/conversations/,
    );
  });

  test('POST …/agent joins an agent (default Alex), idempotently, and validates', async () => {
    const joined = await control(emu, 'POST', `/emulator/conversations/${sid}/agent`, {});
    assert.deepEqual(joined, { status: 200, body: { identity: 'agent.alex', friendlyName: 'Alex' } });
    assert.deepEqual((await control(emu, 'POST', `/emulator/conversations/${sid}/agent`, {})).body, {
      identity: 'agent.alex',
      friendlyName: 'Alex',
    });
    await expectError(
      'POST',
      `/emulator/conversations/${sid}/agent`,
      { identity: 42 },
      400,
      'invalid_request',
      /"identity" must be a non-empty string/,
    );
    await expectError(
      'POST',
      `/emulator/conversations/${sid}/agent`,
      { identity: customer },
      409,
      'conflict',
      /already the customer/,
    );
    await expectError(
      'POST',
      `/emulator/conversations/${sid}/agent`,
      { nickname: 'x' },
      400,
      'invalid_request',
      /Unknown field/,
    );
  });

  test('POST …/messages posts text and files, and validates', async () => {
    const posted = await control<{ index: number; author: string; body: string; media: unknown[] }>(
      emu,
      'POST',
      `/emulator/conversations/${sid}/messages`,
      {
        author: 'agent.alex',
        body: 'Hello',
      },
    );
    assert.equal(posted.status, 201);
    assert.equal(posted.body.index, 0);
    assert.equal(posted.body.body, 'Hello');
    const withFile = await control<{ media: { filename: string; contentType: string; size: number; url: string }[] }>(
      emu,
      'POST',
      `/emulator/conversations/${sid}/messages`,
      {
        author: 'agent.alex',
        media: { filename: 'a.txt', contentType: 'text/plain', base64: Buffer.from('hi!').toString('base64') },
      },
    );
    assert.equal(withFile.status, 201);
    const [file] = withFile.body.media;
    assert.deepEqual(
      { ...file, url: undefined },
      {
        sid: (file as unknown as { sid: string }).sid,
        filename: 'a.txt',
        contentType: 'text/plain',
        size: 3,
        url: undefined,
      },
    );
    assert.equal(await (await fetch(file!.url)).text(), 'hi!');
    const path = `/emulator/conversations/${sid}/messages`;
    await expectError('POST', path, { body: 'x' }, 400, 'invalid_request', /"author" is required/);
    await expectError(
      'POST',
      path,
      { author: 'agent.alex' },
      400,
      'invalid_request',
      /"body", a "media" file, or both/,
    );
    await expectError(
      'POST',
      path,
      { author: 'agent.alex', body: 7 },
      400,
      'invalid_request',
      /"body" must be a string/,
    );
    await expectError(
      'POST',
      path,
      { author: 'a', media: { filename: 'x', contentType: 'nope', base64: 'aGk=' } },
      400,
      'invalid_request',
      /MIME type/,
    );
    await expectError(
      'POST',
      path,
      { author: 'a', media: { filename: 'x', contentType: 'text/plain', base64: '%%%' } },
      400,
      'invalid_request',
      /base64/,
    );
    await expectError(
      'POST',
      path,
      { author: 'a', media: 'file' },
      400,
      'invalid_request',
      /"media" must be an object/,
    );
    await expectError('POST', path, '{not json', 400, 'invalid_request', /must be JSON/);
    await expectError('POST', path, '[1,2]', 400, 'invalid_request', /JSON object/);
  });

  test('POST …/typing and …/read validate the identity and the index', async () => {
    assert.deepEqual(await control(emu, 'POST', `/emulator/conversations/${sid}/typing`, { identity: 'agent.alex' }), {
      status: 200,
      body: { ok: true },
    });
    await expectError(
      'POST',
      `/emulator/conversations/${sid}/typing`,
      { identity: 'stranger' },
      400,
      'invalid_request',
      /not a participant.*agent\.alex/,
    );
    await expectError(
      'POST',
      `/emulator/conversations/${sid}/typing`,
      {},
      400,
      'invalid_request',
      /"identity" is required/,
    );

    const read = await control(emu, 'POST', `/emulator/conversations/${sid}/read`, { identity: customer });
    assert.deepEqual(read.body, { identity: customer, lastReadMessageIndex: 1, unreadCount: 0 });
    const partial = await control(emu, 'POST', `/emulator/conversations/${sid}/read`, { identity: customer, index: 0 });
    assert.deepEqual(partial.body, { identity: customer, lastReadMessageIndex: 0, unreadCount: 1 });
    await expectError(
      'POST',
      `/emulator/conversations/${sid}/read`,
      { identity: customer, index: 9 },
      400,
      'invalid_request',
      /beyond the last message/,
    );
    await expectError(
      'POST',
      `/emulator/conversations/${sid}/read`,
      { identity: customer, index: -1 },
      400,
      'invalid_request',
      /non-negative/,
    );
    const empty = await createWebChat(emu);
    await expectError(
      'POST',
      `/emulator/conversations/${empty.conversationSid}/read`,
      { identity: empty.identity },
      409,
      'conflict',
      /no messages yet/,
    );
  });

  test('Server-Sent Events announce conversation changes (with the conversation) and typing', async () => {
    const abort = new AbortController();
    const response = await fetch(`${emu.url}/emulator/events`, { signal: abort.signal });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    const events: unknown[] = [];
    let buffer = '';
    const waitFor = async (test: (event: Record<string, unknown>) => boolean) => {
      for (;;) {
        const found = events.find((e) => test(e as Record<string, unknown>));
        if (found) return found;
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += new TextDecoder().decode(value);
        const parts = buffer.split('\n\n');
        buffer = parts.pop() ?? '';
        for (const part of parts) if (part.startsWith('data: ')) events.push(JSON.parse(part.slice(6)));
      }
    };
    await control(emu, 'POST', `/emulator/conversations/${sid}/typing`, { identity: customer });
    assert.deepEqual(await waitFor((e) => e.type === 'typing'), { type: 'typing', sid, identity: customer });
    await control(emu, 'POST', `/emulator/conversations/${sid}/messages`, { author: 'agent.alex', body: 'ping' });
    const changed = (await waitFor((e) => e.type === 'conversation')) as {
      type: string;
      sid: string;
      conversation: { sid: string; messages: { body: string }[] };
    };
    assert.equal(changed.sid, sid);
    assert.equal(changed.conversation.sid, sid, 'the event carries the conversation as it now is');
    assert.equal(changed.conversation.messages.at(-1)?.body, 'ping');
    abort.abort();
  });

  test('POST …/state changes the state, and a closed conversation refuses agents and messages', async () => {
    const chat = await createWebChat(emu);
    await expectError(
      'POST',
      `/emulator/conversations/${chat.conversationSid}/state`,
      { state: 'done' },
      400,
      'invalid_request',
      /"active", "inactive" or "closed"/,
    );
    const closed = await control<{ state: string }>(
      emu,
      'POST',
      `/emulator/conversations/${chat.conversationSid}/state`,
      { state: 'closed' },
    );
    assert.equal(closed.body.state, 'closed');
    await expectError(
      'POST',
      `/emulator/conversations/${chat.conversationSid}/messages`,
      { author: 'a', body: 'b' },
      409,
      'conversation_closed',
      /closed/,
    );
    await expectError(
      'POST',
      `/emulator/conversations/${chat.conversationSid}/agent`,
      {},
      409,
      'conversation_closed',
      /closed/,
    );
    await expectError(
      'POST',
      `/emulator/conversations/${chat.conversationSid}/dance`,
      {},
      404,
      'not_found',
      /agent, transfer, leave, messages, typing, read or state/,
    );
  });

  test('faults: latency and failNext are set, shown, validated and reset', async () => {
    const set = await control(emu, 'POST', '/emulator/faults', {
      latencyMs: 5,
      failNext: { match: 'GET /nowhere', status: 503, count: 2 },
    });
    assert.deepEqual(set.body, {
      latencyMs: 5,
      failNext: [{ match: 'GET /nowhere', status: 503, count: 2 }],
      droppedConnections: 0,
    });
    assert.deepEqual((await control(emu, 'GET', '/emulator/faults')).body, {
      latencyMs: 5,
      failNext: [{ match: 'GET /nowhere', status: 503, count: 2 }],
    });
    assert.deepEqual((await control(emu, 'DELETE', '/emulator/faults')).body, { latencyMs: 0, failNext: [] });
    await expectError('POST', '/emulator/faults', { latencyMs: -1 }, 400, 'invalid_request', /latencyMs/);
    await expectError(
      'POST',
      '/emulator/faults',
      { failNext: { match: 'x', status: 200 } },
      400,
      'invalid_request',
      /400 to 599/,
    );
    await expectError(
      'POST',
      '/emulator/faults',
      { failNext: { status: 500 } },
      400,
      'invalid_request',
      /"match" is required/,
    );
    await expectError(
      'POST',
      '/emulator/faults',
      { dropConnections: 'yes' },
      400,
      'invalid_request',
      /dropConnections/,
    );
    await expectError('POST', '/emulator/faults', { explode: true }, 400, 'invalid_request', /Unknown field/);
  });

  test('token endpoints answer how many connections they reached, and mint valid tokens', async () => {
    assert.deepEqual((await control(emu, 'POST', '/emulator/tokens/about-to-expire')).body, { notifiedConnections: 0 });
    assert.deepEqual((await control(emu, 'POST', '/emulator/tokens/expire')).body, { expiredConnections: 0 });
    const minted = await control<{ token: string; identity: string; expiresAt: string }>(
      emu,
      'POST',
      '/emulator/tokens',
      { identity: 'agent.alex', ttlSeconds: 600 },
    );
    assert.equal(minted.status, 201);
    const check = verifyAccessToken(minted.body.token, emu.credentials);
    assert.ok(check.ok && check.token.identity === 'agent.alex');
    await expectError(
      'POST',
      '/emulator/tokens',
      { identity: 'a', ttlSeconds: 90000 },
      400,
      'invalid_request',
      /ttlSeconds/,
    );
    await expectError('GET', '/emulator/nothing', undefined, 404, 'not_found', /docs\/emulator.md/);
  });

  test('POST /emulator/reset empties the emulator', async () => {
    const scratch = await emulator();
    try {
      await createWebChat(scratch);
      assert.equal((await control<unknown[]>(scratch, 'GET', '/emulator/conversations')).body.length, 1);
      assert.deepEqual((await control(scratch, 'POST', '/emulator/reset')).body, { ok: true });
      assert.deepEqual((await control(scratch, 'GET', '/emulator/conversations')).body, []);
    } finally {
      await scratch.close();
    }
  });
});

describe('agent console route', () => {
  const serve = async (root: string) => {
    const listener = getRequestListener(createAgentConsoleApp(root).fetch);
    const server = createServer((request, response) => void listener(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((r) => server.close(r)),
    };
  };

  test('says to run npm run build when the console is not built', async () => {
    const server = await serve(join(mkdtempSync(join(tmpdir(), 'console-')), 'missing'));
    try {
      const response = await fetch(`${server.url}/agent`);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /npm run build/);
    } finally {
      await server.close();
    }
  });

  test('serves index.html at /agent and files under /agent/, never outside its folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'console-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Agent console</title>');
    writeFileSync(join(root, 'assets', 'app-1234abcd.js'), 'console.log(1)');
    const server = await serve(root);
    try {
      assert.match(await (await fetch(`${server.url}/agent`)).text(), /Agent console/);
      const asset = await fetch(`${server.url}/agent/assets/app-1234abcd.js`);
      assert.equal(asset.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
      const escape = await fetch(`${server.url}/agent/..%2f..%2f..%2fetc%2fpasswd`);
      assert.match(await escape.text(), /Agent console/);
    } finally {
      await server.close();
    }
  });
});

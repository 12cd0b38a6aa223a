/**
 * What a web page may do with the emulator (issue 10, defects 9 and 10): media cannot run script in
 * the emulator's origin (the agent console's), and only the emulator's own pages and clients
 * without an `Origin` (Node) drive the control API, under a `Host` the emulator answers to.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { Message } from '@twilio/conversations';
import WebSocket from 'ws';
import type { RunningEmulator } from '../../emulator/index.ts';
import { connect, createWebChat, emulator, flexOf, nextEvent, open } from './helpers.ts';

const SVG_WITH_SCRIPT =
  '<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/emulator/reset",{method:"POST"})</script></svg>';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** A raw HTTP request, so the test sets any Host and Origin it likes (fetch would not). */
function raw(
  emu: RunningEmulator,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: emu.port, method, path, headers: { ...headers, Connection: 'close' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('media cannot run script in the emulator origin', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await emulator();
  });
  after(() => emu.close());

  test('an SVG or HTML file from the visitor is a sandboxed download, both at its temporary URL and in the console', async () => {
    const chat = await createWebChat(emu);
    await flexOf(emu).agentJoins(chat.conversationSid);
    const client = await connect(emu, chat.identity);
    try {
      const conversation = await open(client, chat.conversationSid);
      for (const [contentType, filename, content] of [
        ['image/svg+xml', 'drawing.svg', SVG_WITH_SCRIPT],
        ['text/html', 'page.html', '<script>parent.document.title="owned"</script>'],
      ] as const) {
        const added = nextEvent<Message>(
          conversation,
          'messageAdded',
          (m) => m.attachedMedia?.[0]?.filename === filename,
        );
        await conversation.sendMessage({ contentType, filename, media: Buffer.from(content) });
        const url = await (await added).attachedMedia![0]!.getContentTemporaryUrl();
        const consoleUrl = (await flexOf(emu).conversation(chat.conversationSid)).messages
          .flatMap((m) => m.media)
          .find((m) => m.filename === filename)!.url;
        for (const where of [url!, consoleUrl]) {
          const response = await fetch(where);
          assert.equal(response.status, 200);
          assert.equal(await response.text(), content, 'the bytes are served as uploaded');
          assert.match(
            response.headers.get('content-disposition') ?? '',
            new RegExp(`^attachment; filename="${filename}"`),
          );
          assert.equal(response.headers.get('content-security-policy'), 'sandbox');
          assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        }
      }
    } finally {
      await client.shutdown();
    }
  });

  test('png, jpeg, gif and webp stay inline (thumbnails), sandboxed too; a non-ASCII file name is carried as filename*', async () => {
    const chat = await createWebChat(emu);
    await flexOf(emu).agentJoins(chat.conversationSid);
    for (const contentType of ['image/png', 'image/jpeg', 'image/gif', 'image/webp']) {
      const message = await flexOf(emu).agentSays(chat.conversationSid, '', {
        filename: 'étiquette 日本.png',
        contentType,
        bytes: PNG,
      });
      const response = await fetch(message.media[0]!.url);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), contentType);
      assert.equal(
        response.headers.get('content-disposition'),
        `inline; filename="_tiquette __.png"; filename*=UTF-8''%C3%A9tiquette%20%E6%97%A5%E6%9C%AC.png`,
      );
      assert.equal(response.headers.get('content-security-policy'), 'sandbox');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('access-control-allow-origin'), '*', 'media stays readable cross-origin');
    }
  });
});

describe('the control API is not driven by foreign pages', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await emulator();
  });
  after(() => emu.close());

  const host = () => `127.0.0.1:${emu.port}`;
  const faults = async () =>
    (JSON.parse((await raw(emu, 'GET', '/emulator/faults', { Host: host() })).body) as { latencyMs: number }).latencyMs;

  test('a text/plain body (a no-cors form post) is refused with 415 and changes nothing', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await raw(
        emu,
        'POST',
        '/emulator/faults',
        { Host: host(), 'Content-Type': contentType },
        '{"latencyMs":50}',
      );
      assert.equal(response.status, 415, response.body);
      const body = JSON.parse(response.body) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'unsupported_media_type');
      assert.match(body.error.message, /application\/json/);
    }
    const noType = await raw(emu, 'POST', '/emulator/faults', { Host: host() }, '{"latencyMs":50}');
    assert.equal(noType.status, 415);
    assert.equal(await faults(), 0);
    const withJson = await raw(
      emu,
      'POST',
      '/emulator/faults',
      { Host: host(), 'Content-Type': 'application/json; charset=utf-8' },
      '{"latencyMs":0}',
    );
    assert.equal(withJson.status, 200, withJson.body);
  });

  test("a foreign Origin is refused with 403, even without a body; the emulator's own origin and no Origin are accepted", async () => {
    for (const origin of ['http://evil.example', 'null', `http://localhost:${emu.port + 1}`]) {
      const reset = await raw(emu, 'POST', '/emulator/reset', { Host: host(), Origin: origin });
      assert.equal(reset.status, 403, `${origin}: ${reset.body}`);
      assert.equal((JSON.parse(reset.body) as { error: { code: string } }).error.code, 'forbidden_origin');
      const list = await raw(emu, 'GET', '/emulator/conversations', { Host: host(), Origin: origin });
      assert.equal(list.status, 403, `${origin} reads nothing either`);
    }
    const json = { 'Content-Type': 'application/json' };
    const own = await raw(emu, 'POST', '/emulator/faults', { Host: host(), Origin: `http://${host()}`, ...json }, '{}');
    assert.equal(own.status, 200, own.body);
    const ownByName = await raw(
      emu,
      'POST',
      '/emulator/faults',
      { Host: `localhost:${emu.port}`, Origin: `http://localhost:${emu.port}`, ...json },
      '{}',
    );
    assert.equal(ownByName.status, 200, 'the console opened as localhost is its own origin');
    assert.equal((await raw(emu, 'POST', '/emulator/faults', { Host: host(), ...json }, '{}')).status, 200);
  });

  test('media stays readable from any origin (the SDK and test pages fetch it cross-origin)', async () => {
    const chat = await createWebChat(emu);
    await flexOf(emu).agentJoins(chat.conversationSid);
    const message = await flexOf(emu).agentSays(chat.conversationSid, '', {
      filename: 'a.png',
      contentType: 'image/png',
      bytes: PNG,
    });
    const path = new URL(message.media[0]!.url).pathname;
    const response = await raw(emu, 'GET', path, { Host: host(), Origin: 'http://evil.example' });
    assert.equal(response.status, 200);
  });
});

describe('the emulator answers only to its own host names (DNS rebinding)', () => {
  let emu: RunningEmulator;
  let named: RunningEmulator;
  before(async () => {
    emu = await emulator();
    named = await emulator({ allowedHosts: ['flex.test'] });
  });
  after(async () => {
    await emu.close();
    await named.close();
  });

  test('localhost, 127.0.0.1 and [::1] pass; any other Host gets 403 on every route', async () => {
    for (const name of ['localhost', '127.0.0.1', '[::1]', 'LOCALHOST']) {
      const response = await raw(emu, 'GET', '/emulator/conversations', { Host: `${name}:${emu.port}` });
      assert.equal(response.status, 200, `${name}: ${response.body}`);
    }
    for (const path of ['/emulator/conversations', '/health', '/agent', '/conversations/v1/Conversations/CH0']) {
      const response = await raw(emu, 'GET', path, { Host: `rebound.evil.example:${emu.port}` });
      assert.equal(response.status, 403, path);
      const body = JSON.parse(response.body) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'forbidden_host');
      assert.match(body.error.message, /rebound\.evil\.example/);
    }
  });

  test('configured host names pass too', async () => {
    assert.equal((await raw(named, 'GET', '/health', { Host: 'flex.test' })).status, 200);
    assert.equal((await raw(named, 'GET', '/health', { Host: `other.test:${named.port}` })).status, 403);
  });

  test('the Twilsock upgrade checks the Host too', async () => {
    const refused = new WebSocket(emu.twilsockUrl, { headers: { Host: `rebound.evil.example:${emu.port}` } });
    const outcome = await new Promise<string>((resolve) => {
      refused.on('open', () => resolve('open'));
      refused.on('unexpected-response', (_req, response) => resolve(String(response.statusCode)));
      refused.on('error', () => resolve('error'));
    });
    refused.terminate();
    assert.equal(outcome, '403');
    const accepted = new WebSocket(emu.twilsockUrl);
    await new Promise<void>((resolve, reject) => {
      accepted.on('open', () => resolve());
      accepted.on('error', reject);
    });
    accepted.close();
  });
});

/**
 * The Node entry's transport to Twilio (node:http with kept-alive connections), through the
 * UpstreamClient the routes use, against the recording stand-in: answers, Twilio's errors and
 * Retry-After, a timeout, an unreachable host, and one connection for sequential calls.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { RecordingTwilio } from '../../scripts/harness/recording-twilio.ts';
import { HttpError } from '../../server/errors.ts';
import { nodeHttpTransport } from '../../server/twilio/node-transport.ts';
import { UpstreamClient, UpstreamUnreachableError, type UpstreamRequest } from '../../server/twilio/upstream.ts';

let twilio: RecordingTwilio;
const client = new UpstreamClient(nodeHttpTransport());
before(async () => {
  twilio = await new RecordingTwilio().start();
});
after(() => twilio.stop());
beforeEach(() => twilio.reset());

const call = (request: Partial<UpstreamRequest>) =>
  client.call<Record<string, unknown>>({
    method: 'GET',
    url: `${twilio.url}/v1/ParticipantConversations?Identity=a`,
    credentials: { username: 'SK1', password: 'secret' },
    timeoutMs: 2000,
    purpose: 'testing',
    ...request,
  });

test('GET and a form POST: the answer, the headers and the body as sent', async () => {
  const sid = twilio.addConversation(['a']);
  const listed = await call({});
  assert.equal(listed.status, 200);
  assert.deepEqual(
    (listed.body.conversations as { conversation_sid: string }[]).map((c) => c.conversation_sid),
    [sid],
  );
  const posted = await call({
    method: 'POST',
    url: `${twilio.url}/v1/Conversations/${sid}/Messages`,
    form: { Author: 'Zoë', Body: 'a & b = c' },
    headers: { 'X-Twilio-Webhook-Enabled': 'false' },
  });
  assert.equal(posted.status, 201);
  const recorded = twilio.requests.at(-1)!;
  assert.deepEqual(recorded.form, { Author: 'Zoë', Body: 'a & b = c' });
  assert.equal(recorded.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(recorded.headers['x-twilio-webhook-enabled'], 'false');
  assert.equal(recorded.username, 'SK1');
  assert.equal(recorded.password, 'secret');
});

test("Twilio's error is a 502 with its code, and a 429 passes Retry-After on", async () => {
  twilio.inject({
    match: 'ParticipantConversations',
    status: 429,
    headers: { 'Retry-After': '7' },
    body: { code: 20429, message: 'Too Many Requests', status: 429 },
  });
  const error = await call({}).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof HttpError);
  assert.equal(error.status, 502);
  assert.match(error.message, /20429/);
  assert.deepEqual(error.headers, { 'Retry-After': '7' });
});

test('no answer in time is a 504 upstream_timeout', async () => {
  twilio.inject({ match: 'ParticipantConversations', hang: true, count: 1 });
  const error = await call({ timeoutMs: 200 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof HttpError);
  assert.equal(error.status, 504);
  assert.equal(error.code, 'upstream_timeout');
});

test('an unreachable host is UpstreamUnreachableError, its detail naming the host', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  const error = await call({ url: `http://127.0.0.1:${port}/v1/ParticipantConversations` }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof UpstreamUnreachableError);
  assert.match(error.detail, new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
});

test('sequential calls share one kept-alive connection', async () => {
  twilio.addConversation(['a']);
  await call({});
  const before = twilio.connections;
  for (let i = 0; i < 10; i++) await call({});
  assert.equal(twilio.connections, before);
});

/** The emulator as the feedback webhook: signature checked with the stack's secret, records listed and shown on the conversation. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { EmulatorControl } from '../../emulator/control-client.ts';
import type { RunningEmulator } from '../../emulator/index.ts';
import { createWebChat, emulator } from './helpers.ts';

describe('POST /emulator/feedback', () => {
  let emu: RunningEmulator;
  let sid: string;
  let identity: string;
  before(async () => {
    emu = await emulator();
    ({ conversationSid: sid, identity } = await createWebChat(emu));
  });
  after(() => emu.close());

  const deliver = (body: string, signature: string | undefined) =>
    fetch(`${emu.url}/emulator/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(signature ? { 'X-Webchat-Signature': signature } : {}) },
      body,
    });
  const sign = (body: string, secret = emu.credentials.feedbackWebhookSecret) =>
    createHmac('sha256', secret).update(body).digest('hex');

  test('refuses a missing or wrong signature with 401 and records nothing', async () => {
    const body = JSON.stringify({
      conversationSid: sid,
      identity,
      rating: 5,
      comment: null,
      submittedAt: new Date().toISOString(),
    });
    for (const signature of [undefined, sign(body, 'another-secret-of-some-32-characters'), sign(body + ' ')]) {
      const response = await deliver(body, signature);
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'invalid_signature');
    }
    assert.deepEqual(await new EmulatorControl(emu.url).feedback(), []);
  });

  test('records a signed delivery, lists it and shows the rating on its conversation', async () => {
    const flex = new EmulatorControl(emu.url);
    const feedback = {
      conversationSid: sid,
      identity,
      rating: 4,
      comment: 'Lovely',
      submittedAt: new Date().toISOString(),
    };
    const body = JSON.stringify(feedback);
    const response = await deliver(body, sign(body));
    assert.equal(response.status, 200);
    assert.deepEqual(await flex.feedback(), [feedback]);
    const conversation = await flex.conversation(sid);
    assert.deepEqual(conversation.feedback, { rating: 4, comment: 'Lovely', submittedAt: feedback.submittedAt });
  });

  test('a signed body with a bad field is a 400 naming it', async () => {
    const body = JSON.stringify({
      conversationSid: sid,
      identity,
      rating: 9,
      comment: null,
      submittedAt: new Date().toISOString(),
    });
    const response = await deliver(body, sign(body));
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /rating/);
  });

  test('a failNext fault on it answers the injected status once (for retry tests)', async () => {
    const flex = new EmulatorControl(emu.url);
    await flex.faults({ failNext: { match: 'POST /emulator/feedback', status: 500, count: 1 } });
    const feedback = {
      conversationSid: sid,
      identity,
      rating: 2,
      comment: null,
      submittedAt: new Date().toISOString(),
    };
    const body = JSON.stringify(feedback);
    assert.equal((await deliver(body, sign(body))).status, 500);
    assert.equal((await deliver(body, sign(body))).status, 200);
    assert.equal((await flex.feedback()).filter((f) => f.rating === 2).length, 1);
  });
});

/** Attributes strings: one parser for the REST and tunnelled APIs; each API keeps its own error code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAttributes } from '../../emulator/attributes.ts';
import { apiKeyAuth, createWebChat, emulator } from './helpers.ts';

test('parseAttributes takes JSON objects only', () => {
  assert.deepEqual(parseAttributes('{"a":{"b":[1,null]}}'), { a: { b: [1, null] } });
  assert.deepEqual(parseAttributes('{}'), {});
  for (const text of ['', 'not json', '[1]', 'null', '"text"', '3'])
    assert.equal(parseAttributes(text), undefined, text);
});

test('REST answers attributes that are not a JSON object with 400 / 20001, and keeps valid ones', async () => {
  const emu = await emulator();
  try {
    const chat = await createWebChat(emu);
    const update = (attributes: string) =>
      fetch(`${emu.url}/conversations/v1/Conversations/${chat.conversationSid}`, {
        method: 'POST',
        headers: { Authorization: apiKeyAuth(emu), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ Attributes: attributes }),
      });
    const refused = await update('[1, 2]');
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { code: number }).code, 20001);
    const accepted = await update('{"topic":"billing"}');
    assert.equal(accepted.status, 200);
    assert.deepEqual(JSON.parse(((await accepted.json()) as { attributes: string }).attributes), { topic: 'billing' });
  } finally {
    await emu.close();
  }
});

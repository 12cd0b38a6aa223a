/**
 * `npm run smoke` (scripts/smoke.ts) against the local stack (our server on the emulator): every
 * step passes and leaves one closed conversation with the message; a site the server does not
 * allow stops it at that step, naming ALLOWED_ORIGINS, with exit code 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useStack } from '../support/fixtures.ts';

const rig = useStack({ emulator: { autoAgent: false } });
const script = fileURLToPath(new URL('../../scripts/smoke.ts', import.meta.url));
const tsx = fileURLToPath(import.meta.resolve('tsx'));

async function smoke(origin: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      tsx,
      script,
      '--server',
      rig.stack.serverUrl,
      '--origin',
      origin,
      '--twilsock-url',
      rig.stack.emulator.twilsockUrl,
      '--timeout',
      '20',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, output };
}

test('every step passes on a working deployment; the chat is left closed, with the message', async () => {
  const { code, output } = await smoke(new URL(rig.stack.hostUrl).origin);
  assert.equal(code, 0, output);
  for (const step of [
    /✔ 1\. the server answers/,
    /✔ 2\. the widget is served for the site: frame-ancestors http:\/\/localhost:\d+/,
    /✔ 3\. Flex creates the chat .*: conversation (CH\w{32})/,
    /✔ 4\. the visitor's SDK connects/,
    /✔ 5\. a message goes through/,
    /✔ 6\. the visitor ends the chat .*: the conversation is closed/,
  ])
    assert.match(output, step);
  const sid = /conversation (CH\w{32})/.exec(output)![1]!;
  const conversation = await rig.flex.conversation(sid);
  assert.equal(conversation.state, 'closed');
  assert.ok(conversation.messages.some((m) => m.body === 'Smoke test message.'));
});

test('a site the server does not allow: stops at that step, naming ALLOWED_ORIGINS, exit 1', async () => {
  const { code, output } = await smoke('https://not-allowed.example');
  assert.equal(code, 1, output);
  assert.match(
    output,
    /✖ 2\. the widget is served for the site: the server refuses https:\/\/not-allowed\.example: add it to ALLOWED_ORIGINS/,
  );
  assert.doesNotMatch(output, /✔ 3\./, 'no chat is created');
});

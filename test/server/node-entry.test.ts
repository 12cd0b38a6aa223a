/** The Node entry point (`npm run server`): fails fast on bad configuration, serves, stops on SIGTERM. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_ENV } from '../support/servers.ts';

const entry = fileURLToPath(new URL('../../server/node.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));

function run(env: Record<string, string>, cwd: string) {
  const child = spawn(process.execPath, [tsx, entry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

test('bad configuration: exits 1 and lists every problem by variable name', async () => {
  const { exited, output } = run({ FLEX_ADDRESS_SID: 'IS' + 'd4'.repeat(16) }, mkdtempSync(join(tmpdir(), 'fw-')));
  assert.equal(await exited, 1);
  const { stderr } = output();
  for (const name of [
    'TWILIO_ACCOUNT_SID',
    'TWILIO_API_KEY_SID',
    'TWILIO_API_KEY_SECRET',
    'FLEX_ADDRESS_SID',
    'CONVERSATIONS_SERVICE_SID',
    'ALLOWED_ORIGINS',
  ]) {
    assert.match(stderr, new RegExp(name));
  }
  assert.match(stderr, /ADDRESS SID \(IG…\)/);
});

test('NODE_ENV=production without PUBLIC_URL: refuses to start, naming PUBLIC_URL', async () => {
  const { exited, output } = run(
    { ...TEST_ENV, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1' },
    mkdtempSync(join(tmpdir(), 'fw-')),
  );
  assert.equal(await exited, 1);
  assert.match(output().stderr, /PUBLIC_URL is required/);
});

test('reads .env, serves /health on PORT, and stops cleanly on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-'));
  writeFileSync(
    join(dir, '.env'),
    Object.entries(TEST_ENV)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  const { child, exited, output } = run({ PORT: '0', HOST: '127.0.0.1' }, dir);
  let port = 0;
  for (let i = 0; i < 200 && !port; i++) {
    port = Number(/listening on http:\/\/localhost:(\d+)/.exec(output().stdout)?.[1] ?? 0);
    if (!port) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(port > 0, `the server said where it listens: ${output().stdout}${output().stderr}`);
  const response = await fetch(`http://127.0.0.1:${port}/health`);
  assert.deepEqual(await response.json(), { status: 'ok' });
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

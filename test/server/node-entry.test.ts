/** The Node entry point (`npm run server`): fails fast on bad configuration, serves, stops on SIGTERM. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_ENV } from '../../scripts/harness/servers.ts';
import { waitFor } from '../../scripts/harness/wait.ts';

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

async function serveHealth(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'fw-'));
  writeFileSync(
    join(dir, '.env'),
    Object.entries(TEST_ENV)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  const { child, exited, output } = run({ PORT: '0', HOST: '127.0.0.1', ...env }, dir);
  const port = Number(
    await waitFor(
      `the server to say where it listens (${output().stdout}${output().stderr})`,
      () => /listening on http:\/\/localhost:(\d+)/.exec(output().stdout)?.[1],
    ),
  );
  const response = await fetch(`http://127.0.0.1:${port}/health`);
  assert.deepEqual(await response.json(), { status: 'ok' });
  const requestId = response.headers.get('x-request-id') ?? '';
  const logLine = await waitFor("the request's log line", () =>
    output()
      .stdout.split('\n')
      .find((l) => l.includes('/health')),
  );
  child.kill('SIGTERM');
  return { logLine, requestId, exitCode: await exited };
}

test('reads .env, serves /health on PORT, logs a readable line per request in development, and stops cleanly on SIGTERM', async () => {
  const { logLine, requestId, exitCode } = await serveHealth({});
  assert.equal(exitCode, 0);
  assert.match(logLine, /^\d\d:\d\d:\d\d GET \/health 200 [\d.]+ ms {2}req [0-9a-f]{8}$/);
  assert.ok(logLine.endsWith(requestId.slice(0, 8)));
});

test('NODE_ENV=production: the log lines are JSON', async () => {
  const { logLine, requestId } = await serveHealth({ NODE_ENV: 'production', PUBLIC_URL: 'https://chat.example.com' });
  const entry = JSON.parse(logLine) as Record<string, unknown>;
  assert.equal(entry.path, '/health');
  assert.equal(entry.status, 200);
  assert.equal(entry.requestId, requestId);
});

test('PORT and HOST are checked with the rest of the configuration', async () => {
  const { exited, output } = run(
    { ...TEST_ENV, PORT: 'eighty', HOST: 'http://0.0.0.0' },
    mkdtempSync(join(tmpdir(), 'fw-')),
  );
  assert.equal(await exited, 1);
  assert.match(output().stderr, /PORT must be a whole number from 0 to 65535 \(got "eighty"\)/);
  assert.match(output().stderr, /HOST must be a host name or IP address/);
});

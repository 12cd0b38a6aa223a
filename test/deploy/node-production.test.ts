/**
 * `NODE_ENV=production npm run server` (scripts/server.mjs) runs the built bundle with plain
 * node: it finds dist/public from its own location whatever the working directory, and SIGTERM
 * lets an in-flight request finish before the process exits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_ENV } from '../../scripts/harness/servers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const serverScript = join(root, 'scripts', 'server.mjs');
/** Required in production on Node (the API's own origin, instead of the Host header). */
const PUBLIC_URL = 'https://chat.example.com';

function runServer(env: Record<string, string>, script = serverScript) {
  const cwd = mkdtempSync(join(tmpdir(), 'fw-prod-'));
  const child = spawn(process.execPath, [script], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_URL: PUBLIC_URL,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  const onData = () => waiters.splice(0).forEach((wake) => wake());
  child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), onData()));
  child.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), onData()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  /** Resolves with the first match of `pattern` in stdout (rejects if the process exits first). */
  const waitFor = async (pattern: RegExp): Promise<RegExpExecArray> => {
    let done = false;
    void exited.then(() => ((done = true), onData()));
    for (;;) {
      const match = pattern.exec(stdout);
      if (match) return match;
      if (done) throw new Error(`exited before ${pattern}: ${stdout}${stderr}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const cleanup = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(cwd, { recursive: true, force: true });
  };
  return { child, exited, waitFor, output: () => stdout + stderr, cleanup };
}

/** A Flex WebChats stand-in that holds each request until released. */
async function heldUpstream() {
  const held: (() => void)[] = [];
  let arrived: () => void = () => {};
  const firstArrival = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const answer = () => {
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify(
          req.url?.includes('WebChats')
            ? { conversation_sid: 'CH' + 'e5'.repeat(16), identity: 'visitor-1' }
            : { sid: 'IM' + 'f6'.repeat(16) },
        ),
      );
    };
    if (req.url?.includes('/v2/WebChats')) {
      held.push(answer);
      arrived();
    } else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    firstArrival,
    release: () => held.splice(0).forEach((answer) => answer()),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

test('the built server serves dist/public from any working directory', async () => {
  const run = runServer({ ...TEST_ENV });
  try {
    const port = (await run.waitFor(/listening on http:\/\/localhost:(\d+)/))[1];
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const loader = await fetch(`http://127.0.0.1:${port}/loader.js`);
    assert.equal(loader.status, 200);
    assert.equal(await loader.text(), readFileSync(join(root, 'dist', 'public', 'loader.js'), 'utf8'));
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0);
  } finally {
    run.cleanup();
  }
});

test('SIGTERM: a slow in-flight request completes, new connections are refused, then exit 0', async () => {
  const upstream = await heldUpstream();
  const run = runServer({ ...TEST_ENV, FLEX_API_URL: upstream.url, CONVERSATIONS_API_URL: upstream.url });
  try {
    const port = (await run.waitFor(/listening on http:\/\/localhost:(\d+)/))[1];
    const origin = `http://127.0.0.1:${port}`;
    const inFlight = fetch(`${origin}/api/webchat/init`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: PUBLIC_URL },
      body: JSON.stringify({ friendlyName: 'Ada' }),
    });
    await upstream.firstArrival;
    run.child.kill('SIGTERM');
    await run.waitFor(/SIGTERM received/);
    await assert.rejects(fetch(`${origin}/health`), 'the listener is closed');
    upstream.release();
    const response = await inFlight;
    assert.equal(response.status, 201);
    assert.equal(((await response.json()) as { conversationSid: string }).conversationSid, 'CH' + 'e5'.repeat(16));
    assert.equal(await run.exited, 0);
  } finally {
    run.cleanup();
    await upstream.close();
  }
});

test('NODE_ENV=production without a build: one clear line saying to run npm run build', async () => {
  const project = mkdtempSync(join(tmpdir(), 'fw-nobuild-'));
  mkdirSync(join(project, 'scripts'));
  copyFileSync(serverScript, join(project, 'scripts', 'server.mjs'));
  const run = runServer({}, join(project, 'scripts', 'server.mjs'));
  try {
    assert.equal(await run.exited, 1);
    assert.match(run.output(), /dist\/server\/node\.mjs is missing: run `npm run build` first/);
  } finally {
    run.cleanup();
    rmSync(project, { recursive: true, force: true });
  }
});

test("docs/deploying.md's recipe: dist/ and the package files, npm ci --omit=dev, then the server runs", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-ship-'));
  try {
    cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(root, file), join(dir, file));
    const install = spawnSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(install.status, 0, install.stderr);
    const run = runServer({ ...TEST_ENV }, join(dir, 'dist', 'server', 'node.mjs'));
    try {
      const port = (await run.waitFor(/listening on http:\/\/localhost:(\d+)/))[1];
      assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/health`)).json(), { status: 'ok' });
      assert.equal((await fetch(`http://127.0.0.1:${port}/loader.js`)).status, 200);
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0);
    } finally {
      run.cleanup();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

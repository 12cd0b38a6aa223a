/** `npm start`: the emulator, the server against it and the demo site come up on the given ports, and stop together. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `npm start -- --no-build …` on free ports, until it printed its URLs (or stopped). */
async function npmStart(extraArgs: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build', ...extraArgs], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      EMULATOR_PORT: '0',
      DEMO_PORT: '0',
      ALLOWED_ORIGINS: 'https://my-site.example',
      EMULATOR_DATA: join(mkdtempSync(join(tmpdir(), 'fw-start-')), 'emulator.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 400 && !(output.includes('Press Ctrl-C') && output.includes('listening')); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const printed = (pattern: RegExp) => Number(pattern.exec(output)?.[1]);
  return {
    child,
    exited,
    output: () => output,
    demoPort: printed(/Demo site \(embeds the widget\):\s+http:\/\/localhost:(\d+)/),
    serverPort: printed(/Chat server:\s+http:\/\/localhost:(\d+)/),
    emulatorPort: printed(/agent console:\s+http:\/\/localhost:(\d+)\/agent/),
  };
}

test('npm start runs the three parts on ports it binds (0 = free ones) and prints, honours ALLOWED_ORIGINS, and stops on SIGTERM', async () => {
  const { child, exited, output, demoPort, serverPort, emulatorPort } = await npmStart();
  try {
    for (const port of [demoPort, serverPort, emulatorPort]) assert.ok(port > 0, output());
    assert.match(output(), /Auto-agent:\s+on/);

    const server = `http://127.0.0.1:${serverPort}`;
    assert.deepEqual(await (await fetch(`${server}/health`)).json(), { status: 'ok' });
    assert.equal((await fetch(`${server}/loader.js`)).status, 200);
    const demo = await fetch(`http://127.0.0.1:${demoPort}/`);
    assert.equal(demo.status, 200);
    assert.match(demo.headers.get('content-security-policy') ?? '', /require-trusted-types-for 'script'/);
    assert.match(
      await demo.text(),
      new RegExp(`<script src="http://localhost:${serverPort}/loader.js" async></script>`),
    );
    assert.equal((await fetch(`http://127.0.0.1:${emulatorPort}/agent`)).status, 200);
    for (const origin of [`http://localhost:${demoPort}`, 'https://my-site.example']) {
      const widget = await fetch(`${server}/widget?origin=${encodeURIComponent(origin)}`);
      assert.match(
        widget.headers.get('content-security-policy') ?? '',
        new RegExp(`frame-ancestors ${origin.replace(/\./g, '\\.')}`),
      );
    }
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, output());
  await assert.rejects(fetch(`http://127.0.0.1:${serverPort}/health`), 'the server stopped');
  await assert.rejects(fetch(`http://127.0.0.1:${emulatorPort}/agent`), 'the emulator stopped');
});

test('npm start -- --no-auto-agent starts the emulator with auto-agent off; an unknown option is refused', async () => {
  const { child, exited, output, emulatorPort } = await npmStart(['--no-auto-agent']);
  try {
    assert.ok(emulatorPort > 0, output());
    assert.match(output(), /Auto-agent:\s+off \(accept chats in the agent console\)/);
    const settings = await fetch(`http://127.0.0.1:${emulatorPort}/emulator/settings`);
    assert.deepEqual(await settings.json(), { autoAgent: false, autoAgentDelayMs: 1000 });
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, output());

  const typo = await npmStart(['--no-autoagent']);
  assert.equal(await typo.exited, 2);
  assert.match(
    typo.output(),
    /Unknown option\(s\) --no-autoagent\. Usage: npm start -- \[--no-build\] \[--no-auto-agent\]/,
  );
});

/**
 * `npm start`: builds when a source changed (skip with --no-build), then runs the Flex emulator (EMULATOR_PORT, 8790),
 * our server against it (PORT, 8787) and a demo host site (DEMO_PORT, 3000), and prints the URLs
 * with the ports actually bound (0 picks free ones). Ctrl-C / SIGTERM stops all three.
 * `--no-auto-agent` starts the emulator with auto-agent off (chats wait for "Accept as…" in the
 * agent console, whose toolbar turns it back on).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/index.ts';
import { serverEnvFor } from '../emulator/dev-credentials.ts';
import { startDemoHost } from './demo-host.ts';
import { buildIsFresh, forgetBuild, inputState, recordBuild } from './build/freshness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const OPTIONS = ['--no-build', '--no-auto-agent'];
const unknown = args.filter((arg) => !OPTIONS.includes(arg));
if (unknown.length > 0) {
  console.error(`Unknown option(s) ${unknown.join(' ')}. Usage: npm start -- [--no-build] [--no-auto-agent]`);
  process.exit(2);
}
const autoAgent = !args.includes('--no-auto-agent');

function port(name: string, fallback: number): number {
  const value = process.env[name];
  const n = value === undefined || value === '' ? fallback : Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name} must be a port number, or 0 for a free one (got "${value}").`);
    process.exit(2);
  }
  return n;
}

const serverPort = port('PORT', 8787);
const emulatorPort = port('EMULATOR_PORT', 8790);
const demoPort = port('DEMO_PORT', 3000);

/**
 * Builds dist/ unless it is up to date with the sources, saying what it does: rollup's line per
 * bundle (server, loader, widget, agent console) as it starts and ends it, and every 10 s a line
 * with the time so far (the widget bundle alone takes a while).
 */
async function build(): Promise<void> {
  const inputs = inputState(root);
  if (buildIsFresh(root, inputs)) {
    console.log('The build is up to date (no source changed since the last one).');
    return;
  }
  console.log('Building the server, the loader, the widget and the agent console into dist/ (skip with --no-build)…');
  forgetBuild(root);
  const startedAt = Date.now();
  const seconds = () => Math.round((Date.now() - startedAt) / 1000);
  const child = spawn('npx', ['rollup', '-c'], { cwd: root, stdio: 'inherit' });
  const ticker = setInterval(() => console.log(`  … still building (${seconds()} s)`), 10_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(ticker);
  if (code !== 0) {
    console.error('The build failed; fix it or run `npm start -- --no-build`.');
    process.exit(code ?? 1);
  }
  recordBuild(root, inputs, startedAt);
  console.log(`Built in ${seconds()} s.`);
}

if (!args.includes('--no-build')) await build();

const emulator = await startEmulator({
  port: emulatorPort,
  // The emulator's state survives restarts here (git-ignored); EMULATOR_DATA moves it.
  dataFile: process.env.EMULATOR_DATA ?? `${root}.data/emulator.json`,
  autoAgent,
  // Twilio Conversations' post-event webhooks for your own back end or bot (docs/emulator.md).
  webhookUrl: process.env.EMULATOR_WEBHOOK_URL || undefined,
  log: (line) => console.error(`[emulator] ${line}`),
}).catch((error: NodeJS.ErrnoException) => {
  console.error(error.code === 'EADDRINUSE' ? `Port ${emulatorPort} is in use: set EMULATOR_PORT.` : error.message);
  process.exit(1);
});

// The demo site first (its origin goes into the server's ALLOWED_ORIGINS); it learns the server's origin once bound.
let demo: Awaited<ReturnType<typeof startDemoHost>>;
try {
  demo = await startDemoHost({
    port: demoPort,
    host: 'localhost',
    serverOrigin: `http://localhost:${serverPort}`,
    agentConsoleUrl: `http://localhost:${emulator.port}/agent`,
  });
} catch (error) {
  console.error(
    (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? `Port ${demoPort} is in use: set DEMO_PORT.`
      : String(error),
  );
  await emulator.close();
  process.exit(1);
}

const demoOrigin = demo.url;
const extraOrigins = (process.env.ALLOWED_ORIGINS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const allowedOrigins = [demoOrigin, ...extraOrigins.filter((o) => o !== demoOrigin)].join(',');

const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/node.ts'], {
  cwd: root,
  stdio: ['inherit', 'pipe', 'inherit'],
  env: { ...process.env, ...serverEnvFor(emulator), PORT: String(serverPort), ALLOWED_ORIGINS: allowedOrigins },
});
/** The server says "… listening on http://localhost:PORT" once bound: that port is the one to show. */
const serverOrigin = await new Promise<string | undefined>((resolve) => {
  let seen = '';
  server.stdout?.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    seen += chunk.toString();
    const bound = /listening on (http:\/\/localhost:\d+)/.exec(seen);
    if (bound) resolve(bound[1]);
  });
  server.once('exit', () => resolve(undefined));
});
if (serverOrigin === undefined) {
  console.error('The chat server did not start; stopping the rest.');
  await Promise.all([demo.close(), emulator.close()]);
  process.exit(1);
}
demo.setServerOrigin(serverOrigin);

console.log(`
  Demo site (embeds the widget):  ${demo.url}
  Chat server:                    ${serverOrigin}
  Flex emulator + agent console:  http://localhost:${emulator.port}/agent
  Auto-agent:                     ${autoAgent ? 'on' : 'off (accept chats in the agent console)'}
  Allowed embedding origins:      ${allowedOrigins}

Press Ctrl-C to stop.`);

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  await Promise.all([demo.close(), emulator.close()]);
  process.exit(code);
}

server.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`The chat server stopped (${signal ?? `exit code ${code}`}); stopping the rest.`);
  void stop(code ?? 1);
});
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

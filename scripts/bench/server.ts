/**
 * Server benchmarks: init latency with 50 ms injected per upstream call (two sequential round
 * trips are expected: ~100 ms + overhead), on Node and on Workers (workerd); and token refresh
 * — throughput and the server process's CPU time per refresh, ours on Node and on Workers beside
 * the re-sign-only refresh of Twilio's Webchat React App (resign-baseline.ts) and the floor of any
 * refresh on Workers (floor-worker.mjs), every refresh for a conversation of its own, in
 * interleaved rounds.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintAccessToken } from '../../server/tokens/access-token.ts';
import { RecordingTwilio } from '../harness/recording-twilio.ts';
import { startServer, TEST_ENV, TEST_KEYS, type Runtime } from '../harness/servers.ts';
import { childPidsOf, cpuSecondsOf, round, summarise, timed } from './stats.ts';

async function initLatency(runtime: Runtime): Promise<{ p50: number; p99: number; mean: number }> {
  const twilio = await new RecordingTwilio().start();
  twilio.latencyMs = 50;
  const server = await startServer(runtime, {
    ...TEST_ENV,
    FLEX_API_URL: twilio.url,
    CONVERSATIONS_API_URL: twilio.url,
    RATE_LIMIT_INIT_PER_MINUTE: '100000',
  });
  try {
    const init = async () => {
      const response = await fetch(`${server.url}/api/webchat/init`, {
        method: 'POST',
        headers: { Origin: server.url, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          friendlyName: 'Bench',
          question: 'How fast is this?',
          preEngagementData: { email: 'b@example.com' },
        }),
      });
      if (response.status !== 201) throw new Error(`init answered ${response.status}`);
      await response.arrayBuffer();
    };
    await timed(5, 1, init); // warm-up
    const { durations } = await timed(60, 1, init);
    return summarise(durations);
  } finally {
    await server.close();
    await twilio.stop();
  }
}

/** Refreshes per measured round, after REFRESH_WARM_UP unmeasured ones; REFRESH_CONCURRENCY in flight. */
const REFRESHES = 3000;
const REFRESH_WARM_UP = 300;
const REFRESH_CONCURRENCY = 20;
const REFRESH_ROUNDS = 5;

/** A server answering token refreshes in a process of its own, so that its CPU time can be read. */
interface RefreshServer {
  url: string;
  path: string;
  pid: number;
  close(): Promise<void>;
}

type RefreshTarget =
  | 'ours on Node'
  | 'ours on Workers'
  | 'ours on Workers, through Miniflare'
  | 'the floor on Workers'
  | 'theirs (re-sign only) on Node';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Spawns `args` with `env`; resolves once it prints the port it listens on (its output is drained). */
async function spawnListening(args: string[], env: Record<string, string>, path: string): Promise<RefreshServer> {
  const child = spawn(process.execPath, args, {
    cwd: mkdtempSync(join(tmpdir(), 'bench-refresh-')), // no .env here
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (?:http:\/\/localhost:)?(\d+)/.exec(output);
      if (match) {
        child.stdout.off('data', onData);
        child.stdout.resume(); // the request log lines, unread
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    path,
    pid: child.pid!,
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function startRefreshServer(target: RefreshTarget, twilio: RecordingTwilio): Promise<RefreshServer> {
  const env = {
    ...TEST_ENV,
    FLEX_API_URL: twilio.url,
    CONVERSATIONS_API_URL: twilio.url,
    RATE_LIMIT_TOKEN_PER_MINUTE: '100000',
  };
  switch (target) {
    case 'ours on Node': {
      // The production build, as `NODE_ENV=production npm run server` runs it (JSON request log
      // included), which wants its public origin: a port that was free a moment ago.
      const port = await freePort();
      return spawnListening(
        [join(ROOT, 'dist/server/node.mjs')],
        {
          ...env,
          NODE_ENV: 'production',
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: `http://127.0.0.1:${port}`,
        },
        '/api/webchat/token',
      );
    }
    case 'theirs (re-sign only) on Node':
      return spawnListening(
        ['--import', import.meta.resolve('tsx'), join(ROOT, 'scripts/bench/resign-baseline.ts')],
        env,
        '/refreshToken',
      );
    case 'ours on Workers':
    case 'ours on Workers, through Miniflare':
    case 'the floor on Workers': {
      // The built Worker in workerd (Miniflare): the workerd process that appears is the one measured.
      // 'ours on Workers' is called on the Worker's own socket, as Cloudflare's edge calls it; the
      // other through Miniflare's entry and outbound workers too (what `wrangler dev` adds), as
      // this figure was measured before 2026-12-03 evening. The floor (floor-worker.mjs) is called
      // on its own socket too.
      const before = new Set(childPidsOf(process.pid));
      const server = await startServer('workers', env, {
        direct: target !== 'ours on Workers, through Miniflare',
        ...(target === 'the floor on Workers' && { script: new URL('./floor-worker.mjs', import.meta.url) }),
      });
      const [pid] = childPidsOf(process.pid).filter((p) => !before.has(p));
      if (pid === undefined) throw new Error('workerd process not found');
      return { url: server.url, path: '/api/webchat/token', pid, close: () => server.close() };
    }
  }
}

interface RefreshFigures {
  requestsPerSecond: number;
  cpuMsPerRefresh: number;
  p50: number;
  p99: number;
}

/** One POST over a kept-alive connection; resolves with the status once the whole answer is read. */
function post(agent: Agent, url: URL, body: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          Origin: origin,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          // What Cloudflare's edge (or Miniflare's entry worker) adds; ignored by the Node servers.
          'CF-Connecting-IP': '127.0.0.1',
        },
      },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.once('error', reject);
    request.end(body);
  });
}

/**
 * Every refresh with its own visitor in its own conversation (a visitor refreshes about once an
 * hour: no answer the server could keep is ever asked for twice).
 */
async function refreshBodies(twilio: RecordingTwilio, count: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const identity = `bench-${randomUUID()}`;
      const conversationSid = twilio.addConversation([identity]);
      const { token } = await mintAccessToken({
        ...TEST_KEYS,
        identity,
        ttlSeconds: 3600,
      });
      return JSON.stringify({ token, conversationSid });
    }),
  );
}

async function refreshRound(target: RefreshTarget, twilio: RecordingTwilio): Promise<RefreshFigures> {
  const server = await startRefreshServer(target, twilio);
  const agent = new Agent({ keepAlive: true, maxSockets: REFRESH_CONCURRENCY });
  try {
    const url = new URL(server.path, server.url);
    const warmUp = await refreshBodies(twilio, REFRESH_WARM_UP);
    const bodies = await refreshBodies(twilio, REFRESHES);
    const refresh = (list: string[]) => async (i: number) => {
      const status = await post(agent, url, list[i]!, server.url);
      if (status !== 200) throw new Error(`${target}: the refresh answered ${status}`);
    };
    await timed(REFRESH_WARM_UP, REFRESH_CONCURRENCY, refresh(warmUp));
    const cpuBefore = cpuSecondsOf(server.pid);
    const { durations, wallMs } = await timed(REFRESHES, REFRESH_CONCURRENCY, refresh(bodies));
    const cpuMs = (cpuSecondsOf(server.pid) - cpuBefore) * 1000;
    const { p50, p99 } = summarise(durations);
    return {
      requestsPerSecond: REFRESHES / (wallMs / 1000),
      cpuMsPerRefresh: cpuMs / REFRESHES,
      p50,
      p99,
    };
  } finally {
    agent.destroy();
    await server.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Rounds interleaved (ours on Node, theirs, ours on Workers, again…) so that a busy moment of the machine hits them all. */
export async function tokenRefresh(
  rounds_ = REFRESH_ROUNDS,
  targets: RefreshTarget[] = [
    'ours on Node',
    'theirs (re-sign only) on Node',
    'ours on Workers',
    'ours on Workers, through Miniflare',
    'the floor on Workers',
  ],
): Promise<Record<RefreshTarget, RefreshFigures[]> & { ratios: number[] }> {
  const twilio = await new RecordingTwilio().start();
  const rounds = new Map<RefreshTarget, RefreshFigures[]>(targets.map((t) => [t, []]));
  const ratios: number[] = [];
  try {
    for (let round = 0; round < rounds_; round++) {
      const figures = new Map<RefreshTarget, RefreshFigures>();
      for (const target of targets) {
        const result = await refreshRound(target, twilio);
        figures.set(target, result);
        rounds.get(target)!.push(result);
      }
      const ours = figures.get('ours on Node');
      const theirs = figures.get('theirs (re-sign only) on Node');
      if (ours && theirs) ratios.push(ours.requestsPerSecond / theirs.requestsPerSecond);
    }
  } finally {
    await twilio.stop();
  }
  return { ...(Object.fromEntries(rounds) as Record<RefreshTarget, RefreshFigures[]>), ratios };
}

/** The rounds' median (min–max). */
function spread(values: number[], digits: number): string {
  const [min, max] = [Math.min(...values), Math.max(...values)].map((v) => round(v, digits));
  return `${round(median(values), digits)} (${min}–${max})`;
}

export async function runServerBench(): Promise<Record<string, number | string>> {
  const node = await initLatency('node');
  const workers = await initLatency('workers');
  const refresh = await tokenRefresh();
  const rate = (target: RefreshTarget) =>
    spread(
      refresh[target].map((f) => f.requestsPerSecond),
      0,
    );
  const cpu = (target: RefreshTarget) =>
    spread(
      refresh[target].map((f) => f.cpuMsPerRefresh),
      2,
    );
  const ours = refresh['ours on Node'];
  return {
    'init latency p50, Node, 50 ms per upstream call (ms)': node.p50,
    'init latency p99, Node, 50 ms per upstream call (ms)': node.p99,
    'init latency p50, Workers (workerd), 50 ms per upstream call (ms)': workers.p50,
    'init latency p99, Workers (workerd), 50 ms per upstream call (ms)': workers.p99,
    'token refresh, ours on Node: req/s (20 in flight, a new conversation each)': rate('ours on Node'),
    'token refresh, theirs (re-sign only) on Node: req/s': rate('theirs (re-sign only) on Node'),
    'token refresh, ours / theirs on Node (per round)': spread(refresh.ratios, 2),
    'token refresh, ours on Workers (workerd): req/s': rate('ours on Workers'),
    'token refresh CPU per refresh, ours on Node (ms)': cpu('ours on Node'),
    'token refresh CPU per refresh, theirs on Node (ms)': cpu('theirs (re-sign only) on Node'),
    'token refresh CPU per refresh, ours on Workers (ms)': cpu('ours on Workers'),
    'token refresh CPU per refresh, ours on Workers through Miniflare (ms)': cpu('ours on Workers, through Miniflare'),
    'token refresh CPU per refresh, floor on Workers: only the body, the one Twilio call, the answer (ms)':
      cpu('the floor on Workers'),
    'token refresh latency p50, ours on Node (ms)': spread(
      ours.map((f) => f.p50),
      1,
    ),
    'token refresh latency p99, ours on Node (ms)': spread(
      ours.map((f) => f.p99),
      1,
    ),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, value] of Object.entries(await runServerBench())) console.log(`${name}: ${value}`);
}

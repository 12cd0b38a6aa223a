/** Starts our server on either runtime for a test: Node (@hono/node-server) or Workers (the built bundle in workerd via Miniflare). */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { serve } from '@hono/node-server';
import { Miniflare } from 'miniflare';
import { createApp } from '../../server/app.ts';
import { loadConfig, type EnvSource } from '../../server/config.ts';
import { nodeClientAddress } from '../../server/node-client-address.ts';
import { nodeHmac } from '../../server/tokens/node-hmac.ts';

export type Runtime = 'node' | 'workers';

export interface RunningServer {
  url: string;
  runtime: Runtime;
  /** The server's structured log lines. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export const TEST_ENV = {
  TWILIO_ACCOUNT_SID: 'AC' + 'a1'.repeat(16),
  TWILIO_API_KEY_SID: 'SK' + 'b2'.repeat(16),
  TWILIO_API_KEY_SECRET: 'test-api-key-secret-0123456789',
  FLEX_ADDRESS_SID: 'IG' + 'c3'.repeat(16),
  CONVERSATIONS_SERVICE_SID: 'IS' + 'd4'.repeat(16),
  ALLOWED_ORIGINS: 'http://localhost:3000',
} as const;

/** TEST_ENV's account, API key and service as the token functions take them. */
export const TEST_KEYS = {
  accountSid: TEST_ENV.TWILIO_ACCOUNT_SID,
  apiKeySid: TEST_ENV.TWILIO_API_KEY_SID,
  apiKeySecret: TEST_ENV.TWILIO_API_KEY_SECRET,
  serviceSid: TEST_ENV.CONVERSATIONS_SERVICE_SID,
} as const;

const WORKER_BUNDLE = new URL('../../dist/worker/index.js', import.meta.url);

export interface WorkersOptions {
  /** Workers Rate Limiting bindings (name → requests per minute), e.g. { INIT_RATE_LIMITER: 2 }. */
  rateLimitBindings?: Record<string, number>;
  /**
   * Serve this directory (normally dist/public) through the ASSETS binding, configured as
   * wrangler.toml does: the Worker runs first, no HTML handling, no not-found handling.
   */
  assetsDirectory?: string;
  /**
   * Answer on the Worker's own socket, as Cloudflare's edge calls a Worker: without Miniflare's entry
   * worker in front (it adds `request.cf` and CF-Connecting-IP, and costs workerd ~0.13 ms of CPU per
   * request) nor its outbound worker behind (it strips CF-Connecting-IP from every subrequest, as
   * Cloudflare's edge does in its own code: ~0.1 ms more per subrequest). For CPU figures; a client
   * that wants a CF-Connecting-IP sends it itself.
   */
  direct?: boolean;
  /** Another Worker module than the built one (the server bench's floor, scripts/bench/floor-worker.mjs). */
  script?: URL;
}

export async function startServer(
  runtime: Runtime,
  env: EnvSource,
  workers: WorkersOptions = {},
): Promise<RunningServer> {
  return runtime === 'node' ? startNode(env) : startWorkers(env, workers);
}

async function startNode(env: EnvSource): Promise<RunningServer> {
  const logs: Record<string, unknown>[] = [];
  const config = loadConfig(env);
  const app = createApp({
    config,
    clientAddress: nodeClientAddress(config.trustProxy),
    hmac: nodeHmac,
    log: (line) => logs.push(line),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    runtime: 'node',
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function startWorkers(env: EnvSource, options: WorkersOptions): Promise<RunningServer> {
  if (!options.script && !existsSync(WORKER_BUNDLE))
    throw new Error('dist/worker/index.js is missing: run `npm run build` first (npm test does).');
  const bindings: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) bindings[key] = value;
  const logs: Record<string, unknown>[] = [];
  const mf = new Miniflare({
    // workerd prints the worker's console output; collect the structured log lines.
    handleRuntimeStdio(stdout: Readable) {
      let buffered = '';
      stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          try {
            logs.push(JSON.parse(line) as Record<string, unknown>);
          } catch {
            // not one of ours
          }
        }
      });
    },
    modules: true,
    script: readFileSync(options.script ?? WORKER_BUNDLE, 'utf8'),
    compatibilityDate: '2026-04-01',
    bindings,
    ratelimits: Object.fromEntries(
      Object.entries(options.rateLimitBindings ?? {}).map(([name, limit]) => [
        name,
        { simple: { limit, period: 60 as const } },
      ]),
    ),
    ...(options.assetsDirectory && {
      assets: {
        directory: options.assetsDirectory,
        binding: 'ASSETS',
        routerConfig: { invoke_user_worker_ahead_of_assets: true, has_user_worker: true },
        assetConfig: { html_handling: 'none' as const, not_found_handling: 'none' as const },
      },
    }),
    host: '127.0.0.1',
    port: 0,
    ...(options.direct && {
      unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      stripCfConnectingIp: false,
    }),
  });
  const entry = (await mf.ready).origin;
  const url = options.direct ? (await mf.unsafeGetDirectURL()).origin : entry;
  return { url, runtime: 'workers', logs, close: () => mf.dispose() };
}

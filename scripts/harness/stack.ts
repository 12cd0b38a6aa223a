/**
 * The whole local stack for end-to-end tests, as `npm start` runs it but on free ports:
 * the Flex emulator, our server (the real app, serving the built dist/public) configured
 * against it, and the demo host page on another origin with its strict CSP.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { startEmulator, serverEnvFor, type EmulatorOptions, type RunningEmulator } from '../../emulator/index.ts';
import { createApp, type AppOptions } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { nodeAssets } from '../../server/embed/node-assets.ts';
import { startDemoHost } from '../demo-host.ts';
import { TurnstileStandIn } from './turnstile-stand-in.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../../dist/public', import.meta.url));

export interface Stack {
  /** The running emulator (a new object after `restartEmulator`, on the same URL). */
  readonly emulator: RunningEmulator;
  /** Our server, e.g. http://localhost:PORT (serves /loader.js, /widget, /api/*). */
  serverUrl: string;
  /** The demo host page, e.g. http://localhost:PORT/ (another origin than the server). */
  hostUrl: string;
  /** The server's structured log lines. */
  serverLogs: Record<string, unknown>[];
  /** The Turnstile stand-in the server checks with, when `turnstile` was given. */
  turnstile: TurnstileStandIn | undefined;
  /**
   * Stops the emulator and starts it again on the same port (with the same data file when
   * `emulator.dataFile` was given, so Flex keeps its conversations), after `downMs` without it.
   */
  restartEmulator(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  emulator?: EmulatorOptions;
  /** Extra server environment (e.g. TOKEN_TTL_SECONDS). */
  serverEnv?: Record<string, string>;
  /**
   * Serve the widget from another site than the host page (127.0.0.1 vs localhost), where
   * Chromium denies the iframe storage as third-party. Default: the same site on another port
   * (localhost:A and localhost:B, like `npm start`, or chat.example.com in www.example.com).
   */
  thirdParty?: boolean;
  /** Replaces the server's in-memory rate limiters (e.g. one on a clock the test moves). */
  rateLimiters?: AppOptions['rateLimiters'];
  /** Turn Turnstile on, against a local stand-in (scripts/harness/turnstile-stand-in.ts), with these keys. */
  turnstile?: { siteKey: string; secretKey: string };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  if (!existsSync(`${PUBLIC_DIR}/loader.js`) || !existsSync(`${PUBLIC_DIR}/widget.html`)) {
    throw new Error('dist/public is not built: run `npm run build` first (npm test does).');
  }
  const emulatorOptions: EmulatorOptions = { autoAgentDelayMs: 300, ...options.emulator };
  let emulator = await startEmulator(emulatorOptions);

  // The host page must know the server's origin and the server the host's: start the host first.
  const host = await startDemoHost({
    port: 0,
    host: '127.0.0.1',
    serverOrigin: 'http://127.0.0.1:9',
    agentConsoleUrl: `${emulator.url}/agent`,
  });
  const hostPort = (host.server.address() as AddressInfo).port;

  const serverLogs: Record<string, unknown>[] = [];
  const turnstile = options.turnstile ? await new TurnstileStandIn().start() : undefined;
  const config = loadConfig({
    ...serverEnvFor(emulator),
    ALLOWED_ORIGINS: `http://localhost:${hostPort}`,
    RATE_LIMIT_INIT_PER_MINUTE: '1000',
    RATE_LIMIT_TOKEN_PER_MINUTE: '1000',
    ...(turnstile && options.turnstile ? turnstile.env(options.turnstile) : {}),
    ...options.serverEnv,
  });
  const app = createApp({
    config,
    clientAddress: () => '127.0.0.1',
    assets: nodeAssets(PUBLIC_DIR),
    log: (line) => serverLogs.push(line),
    ...(options.rateLimiters ? { rateLimiters: options.rateLimiters } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  // Same site as the host (localhost), other origin: like npm start, and like a chat server on a
  // subdomain of the site. Cross-site, browsers that block third-party storage would deny the
  // widget its storage (it then keeps the session in memory and says so).
  const serverUrl = `http://${options.thirdParty ? '127.0.0.1' : 'localhost'}:${(server.address() as AddressInfo).port}`;
  host.setServerOrigin(serverUrl);

  return {
    get emulator() {
      return emulator;
    },
    serverUrl,
    hostUrl: `http://localhost:${hostPort}/`,
    serverLogs,
    turnstile,
    async restartEmulator(downMs = 0) {
      const port = emulator.port;
      await emulator.close();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      // The port was just released: a few quick tries cover a slow release.
      for (let attempt = 1; ; attempt++) {
        try {
          emulator = await startEmulator({ ...emulatorOptions, port });
          return;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
    async close() {
      await host.close();
      await new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      await emulator.close();
      await turnstile?.stop();
    },
  };
}

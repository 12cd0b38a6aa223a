/**
 * The Node entry point (`npm run server`; bundled to dist/server/node.mjs by `npm run build`):
 * reads `.env` from the working directory if present, fails fast on bad configuration, serves
 * the API and dist/public, and shuts down gracefully on SIGTERM/SIGINT.
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type ServerConfig } from './config.ts';
import { createApp } from './app.ts';
import { nodeAssets } from './embed/node-assets.ts';
import { nodeClientAddress } from './node-client-address.ts';
import { nodeHmac } from './tokens/node-hmac.ts';
import { nodeHttpTransport } from './twilio/node-transport.ts';
import { consoleSink, readableSink } from './middleware/request-log.ts';
import { BackgroundTasks, gracefulShutdown, publicDirFor, startNodeServer } from './node-lifecycle.ts';

/** How long SIGTERM waits for in-flight requests before giving up (most orchestrators allow 30 s). */
const SHUTDOWN_TIMEOUT_MS = 25_000;

if (existsSync('.env')) process.loadEnvFile('.env');

let config: ServerConfig;
try {
  config = loadConfig(process.env, { runtime: 'node' });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const app = createApp({
  config,
  clientAddress: nodeClientAddress(config.trustProxy),
  hmac: nodeHmac,
  transport: nodeHttpTransport(),
  assets: nodeAssets(publicDirFor(import.meta.url)),
  // JSON lines are the production format (log collectors); in development, lines a person reads.
  log: process.env.NODE_ENV === 'production' ? consoleSink : readableSink,
});
const tasks = new BackgroundTasks();
// The validated PORT (0 = any free port) and HOST; startNodeServer adds the slow-client timeouts.
const server = startNodeServer(app, tasks, { port: config.port, hostname: config.host }, (listening) => {
  console.log(`Flex Webchat server listening on http://localhost:${listening}`);
});

const shutdown = gracefulShutdown(server, tasks, {
  timeoutMs: SHUTDOWN_TIMEOUT_MS,
  log: (message) => console.log(message),
  exit: (code) => process.exit(code),
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown(signal));

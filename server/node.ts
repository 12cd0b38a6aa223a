import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { ConfigError, loadConfig, type ServerConfig } from './config.ts';
import { createApp } from './app.ts';
import { nodeAssets } from './embed/node-assets.ts';
import { nodeClientAddress } from './node-client-address.ts';

if (existsSync('.env')) process.loadEnvFile('.env');

let config: ServerConfig;
try {
  config = loadConfig(process.env);
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
  assets: nodeAssets(fileURLToPath(new URL('../dist/public', import.meta.url))),
});
const port = Number(process.env.PORT ?? 8787);
const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '0.0.0.0' }, (info) => {
  console.log(`Flex Webchat server listening on http://localhost:${info.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}

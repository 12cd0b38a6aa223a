import { Hono } from 'hono';
import type { ServerConfig } from './config.ts';

export interface AppOptions {
  config: ServerConfig;
}

/** The one Hono app both runtimes serve. */
export function createApp({ config: _config }: AppOptions): Hono {
  const app = new Hono();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  return app;
}

import type { ExecutionContext } from 'hono';
import { loadConfig, type EnvSource } from './config.ts';
import { createApp } from './app.ts';

type App = ReturnType<typeof createApp>;
let cached: { env: unknown; app: App } | undefined;

/** Workers pass the same env object on every request of an isolate: build the app once per env. */
function appFor(env: EnvSource): App {
  if (cached?.env !== env) cached = { env, app: createApp({ config: loadConfig(env) }) };
  return cached.app;
}

export default {
  fetch(request: Request, env: EnvSource, ctx: ExecutionContext): Response | Promise<Response> {
    return appFor(env).fetch(request, env, ctx);
  },
};

import type { Context, ExecutionContext } from 'hono';
import { ConfigError, loadConfig, type EnvSource } from './config.ts';
import { createApp } from './app.ts';
import { workerAssets, type AssetsBinding } from './embed/worker-assets.ts';
import { WorkersBindingRateLimiter, type WorkersRateLimitBinding } from './rate-limit/rate-limiter.ts';

/** Workers vars and secrets, plus the static assets and the optional Rate Limiting bindings. */
type WorkerEnv = EnvSource & {
  ASSETS?: AssetsBinding;
  INIT_RATE_LIMITER?: WorkersRateLimitBinding;
  TOKEN_RATE_LIMITER?: WorkersRateLimitBinding;
};

type App = ReturnType<typeof createApp>;
let cached: { env: unknown; app: App } | undefined;

const clientAddress = (c: Context): string => c.req.header('CF-Connecting-IP') ?? 'unknown';

/** Workers pass the same env object on every request of an isolate: build the app once per env. */
function appFor(env: WorkerEnv): App {
  if (cached?.env !== env) {
    const vars: EnvSource = {};
    for (const [key, value] of Object.entries(env)) if (typeof value === 'string') vars[key] = value;
    const app = createApp({
      config: loadConfig(vars, { runtime: 'workers' }),
      clientAddress,
      assets: env.ASSETS && workerAssets(env.ASSETS),
      rateLimiters: {
        init: env.INIT_RATE_LIMITER && new WorkersBindingRateLimiter(env.INIT_RATE_LIMITER),
        token: env.TOKEN_RATE_LIMITER && new WorkersBindingRateLimiter(env.TOKEN_RATE_LIMITER),
      },
    });
    cached = { env, app };
  }
  return cached.app;
}

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Response | Promise<Response> {
    try {
      return appFor(env).fetch(request, env, ctx);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // Workers have no start-up phase to fail in: every request fails until the configuration is fixed.
      console.error(error.message);
      const message = `The chat server is not configured correctly (${error.variables.join(', ')}); its log lists each problem.`;
      return Response.json(
        { error: { code: 'server_misconfigured', message } },
        { status: 500, headers: { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' } },
      );
    }
  },
};

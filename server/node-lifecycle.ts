/**
 * The Node server's lifecycle around the Hono app: where the built browser files are, the
 * background work a response leaves behind (Workers' `waitUntil`, kept on Node too), and a
 * graceful shutdown that lets in-flight requests and that work finish.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { ExecutionContext } from 'hono';

/**
 * A client that trickles its headers or body is cut off (408) well before Node's 300 s default
 * request timeout: our requests are a few KB of JSON, sent at once. The check runs every
 * connectionsCheckingInterval (Node's default, 30 s, would double the wait).
 */
export const NODE_TIMEOUTS = { headersTimeout: 15_000, requestTimeout: 20_000, connectionsCheckingInterval: 1_000 };

export interface NodeServerOptions {
  port: number;
  hostname: string;
  timeouts?: typeof NODE_TIMEOUTS;
}

interface FetchApp {
  fetch: (request: Request, env: unknown, executionCtx: ExecutionContext) => Response | Promise<Response>;
}

/** The Node HTTP server for the app, with the timeouts above; background work goes to `tasks`. */
export function startNodeServer(
  app: FetchApp,
  tasks: BackgroundTasks,
  options: NodeServerOptions,
  onListening?: (port: number) => void,
): Server {
  return serve(
    {
      // The third argument gives the app an executionCtx, so background work (the welcome message) is awaited on shutdown.
      fetch: (request, env) => app.fetch(request, env, tasks),
      port: options.port,
      hostname: options.hostname,
      serverOptions: { ...(options.timeouts ?? NODE_TIMEOUTS) },
    },
    (info) => onListening?.(info.port),
  ) as Server;
}

/**
 * dist/public, found from this module's own location (never the working directory): beside the
 * bundle (dist/server/node.mjs → dist/public) or from the sources (server/ → dist/public).
 */
export function publicDirFor(moduleUrl: string): string {
  const candidates = [new URL('../public/', moduleUrl), new URL('../dist/public/', moduleUrl)];
  const found = candidates.find((url) => existsSync(url)) ?? candidates[candidates.length - 1]!;
  return fileURLToPath(found).replace(/\/$/, '');
}

/** An ExecutionContext for Node: `waitUntil` promises are tracked so shutdown can wait for them. */
export class BackgroundTasks implements ExecutionContext {
  private readonly pending = new Set<Promise<unknown>>();
  readonly props: Record<string, unknown> = {};

  waitUntil(promise: Promise<unknown>): void {
    const tracked = promise.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(tracked);
    void tracked.then(() => this.pending.delete(tracked));
  }

  passThroughOnException(): void {
    // Node has no origin to pass an exception through to: nothing to do.
  }

  /** Resolves when every task known now (and any they start) has settled. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

export interface ShutdownOptions {
  /** Give up waiting after this long and exit anyway (exit code 1). */
  timeoutMs: number;
  log: (message: string) => void;
  exit: (code: number) => void;
}

/**
 * Stops accepting connections, lets in-flight requests finish (idle keep-alive connections are
 * closed at once, busy ones after their response), waits for background tasks, then exits 0.
 */
export function gracefulShutdown(
  server: Server,
  tasks: BackgroundTasks,
  options: ShutdownOptions,
): (signal: string) => void {
  let started = false;
  return (signal) => {
    if (started) return;
    started = true;
    options.log(`${signal} received: finishing in-flight requests, then exiting.`);
    const timer = setTimeout(() => {
      options.log(`Shutdown took longer than ${options.timeoutMs} ms: exiting with requests still open.`);
      options.exit(1);
    }, options.timeoutMs);
    timer.unref();
    server.close(() => {
      void tasks.settled().then(() => {
        clearTimeout(timer);
        options.exit(0);
      });
    });
    server.closeIdleConnections();
  };
}

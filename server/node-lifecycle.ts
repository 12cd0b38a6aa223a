/**
 * The Node server's lifecycle around the Hono app: where the built browser files are, the
 * background work a response leaves behind (Workers' `waitUntil`, kept on Node too), and a
 * graceful shutdown that lets in-flight requests and that work finish.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'hono';

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

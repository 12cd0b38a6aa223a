import type { Context } from 'hono';

/**
 * Lets work finish after the response is sent: `waitUntil` on Workers (the isolate would
 * otherwise be frozen), a detached promise on Node. Failures are reported, never thrown.
 */
export function runInBackground(c: Context, task: Promise<unknown>, onError: (error: unknown) => void): void {
  const guarded = task.catch(onError);
  let executionCtx: { waitUntil(promise: Promise<unknown>): void } | undefined;
  try {
    executionCtx = c.executionCtx;
  } catch {
    executionCtx = undefined; // Node: Hono throws when there is no execution context
  }
  executionCtx?.waitUntil(guarded);
}

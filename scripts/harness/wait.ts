/**
 * The one polling helper (tests, benchmarks, the soak, and the component tests in the browser: no
 * Node-only import): no fixed sleeps, wait for an observable condition.
 */

/** Values that mean "not yet". */
export type NotYet = undefined | null | false;

/** How long a condition is waited for by default. */
export const WAIT_MS = 15_000;
const POLL_MS = 25;

/**
 * Polls `check` until it returns a value other than undefined/null/false and returns that value,
 * or fails after `timeoutMs` naming `what` (with the last error `check` threw, if any: a throwing
 * check counts as "not yet", e.g. a page navigating while it is read).
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | NotYet> | T | NotYet,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${errorText(lastError)})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? String(error)) : String(error);
}

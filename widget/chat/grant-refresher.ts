/**
 * Keeps the visitor's session grant (token) current: renewed from the server before a resume
 * when it is about to expire, and whenever the SDK asks; every new grant is saved, so the next
 * page view starts with it. A renewal the SDK asked for is retried until the server answers
 * (backoff 1 s, 2 s, 4 s … 30 s, at once when the page comes back online or into view), or until
 * the server refuses the session (401/403), which ends the chat.
 */
import type { SessionGrant } from '../../contracts/webchat-api.ts';
import { ApiError, isSessionRefusal } from './api.ts';
import type { SessionStore } from './session-store.ts';

/** A stored grant closer than this to its expiry is renewed before connecting. */
export const REFRESH_MARGIN_MS = 60_000;
/** The wait after the first failed renewal; it doubles after each failure… */
export const RETRY_FIRST_MS = 1000;
/** …up to this. */
export const RETRY_MAX_MS = 30_000;

/** The wait before renewal attempt `failures + 1` (`failures` ≥ 1), or the server's Retry-After if longer. */
export function retryDelayMs(failures: number, error?: unknown): number {
  const backoff = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1));
  const retryAfterMs = error instanceof ApiError && error.retryAfter ? error.retryAfter * 1000 : 0;
  return Math.max(backoff, retryAfterMs);
}

/** Subscribes to "the page may have its network back": online again, or visible again. Returns the unsubscribe. */
export type PageWakeups = (listener: () => void) => () => void;

export interface GrantRefresherDeps {
  store: Pick<SessionStore, 'session' | 'saveSession'>;
  refresh(token: string, conversationSid: string): Promise<SessionGrant>;
  now?(): number;
  /** Cuts a retry's wait short (the page came back online or into view). */
  wakeups?: PageWakeups;
}

export class GrantRefresher {
  constructor(private readonly deps: GrantRefresherDeps) {}

  /** The grant itself, or a renewed one if it is about to expire. Rejects as the server's refresh does. */
  async upToDate(grant: SessionGrant): Promise<SessionGrant> {
    if (Date.parse(grant.expiresAt) - this.now() >= REFRESH_MARGIN_MS) return grant;
    return this.renew(grant);
  }

  /**
   * A new token for the stored session (the SDK's tokenAboutToExpire / tokenExpired), retried
   * through transient failures. Rejects only when the server refuses the session, or with the
   * last failure once `signal` is aborted (the connection was torn down).
   */
  async renewToken(signal?: AbortSignal): Promise<string> {
    for (let failures = 1; ; failures += 1) {
      const current = this.deps.store.session();
      if (!current) throw new ApiError(401, 'session_expired', '');
      try {
        return (await this.renew(current)).token;
      } catch (error) {
        if (isSessionRefusal(error) || signal?.aborted) throw error;
        await this.pause(retryDelayMs(failures, error), signal);
        if (signal?.aborted) throw error;
      }
    }
  }

  private async renew(grant: SessionGrant): Promise<SessionGrant> {
    const renewed = await this.deps.refresh(grant.token, grant.conversationSid);
    this.deps.store.saveSession(renewed);
    return renewed;
  }

  /** Waits `ms`, less if the page wakes up or `signal` aborts. */
  private pause(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        unsubscribe();
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      const unsubscribe = this.deps.wakeups?.(done) ?? ((): void => undefined);
      signal?.addEventListener('abort', done);
    });
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }
}

/**
 * Rate limiting per client address. In memory by default (per process / per Workers isolate);
 * on Workers, a Rate Limiting binding replaces it when bound (see README).
 */
export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the client may try again (when not allowed). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  check(key: string): Promise<RateLimitDecision>;
}

/** A fixed one-minute window per key, in memory; old windows are swept as time passes. */
export class MemoryRateLimiter implements RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  constructor(
    private readonly limitPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(key: string): Promise<RateLimitDecision> {
    return Promise.resolve(this.decide(key));
  }

  private decide(key: string): RateLimitDecision {
    const now = this.now();
    this.sweep(now);
    const window = this.windows.get(key);
    if (!window || now - window.start >= 60_000) {
      this.windows.set(key, { start: now, count: 1 });
      return { allowed: true, retryAfterSeconds: 0 };
    }
    window.count += 1;
    if (window.count <= this.limitPerMinute) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000)) };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (now - window.start >= 60_000) this.windows.delete(key);
  }
}

/** The shape of Cloudflare's Workers Rate Limiting binding (`[[unsafe.bindings]] type = "ratelimit"`). */
export interface WorkersRateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export class WorkersBindingRateLimiter implements RateLimiter {
  constructor(private readonly binding: WorkersRateLimitBinding) {}

  async check(key: string): Promise<RateLimitDecision> {
    const { success } = await this.binding.limit({ key });
    // The binding counts over its configured period (10 or 60 s) and does not say when it resets.
    return { allowed: success, retryAfterSeconds: success ? 0 : 60 };
  }
}

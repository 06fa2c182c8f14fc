import { setTimeout as sleep } from 'node:timers/promises';

/** How a {@link TokenBucket} fills and what it waits with (tests give it a clock). */
export interface TokenBucketOptions {
  /** Tokens added per second: the sustained rate. Must be > 0. */
  readonly ratePerSecond: number;
  /** The most tokens it holds: how many may go at once after a quiet spell. @default ratePerSecond (at least 1) */
  readonly burst?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default setTimeout from node:timers/promises */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
}

/**
 * A token bucket for one provider's rate limit in this process. `take()` resolves when the caller may
 * send: at once while tokens are left, otherwise after the wait its place in line needs. Excess waits, it
 * never fails; waiters are served in order (each reserves the next token as it arrives). An aborted wait
 * rejects with the signal's reason and gives its token back.
 */
export class TokenBucket {
  private readonly rate: number;
  private readonly burst: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<unknown>;
  /** Tokens now; negative while reserved by waiters. */
  private tokens: number;
  private refilledAt: number;

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be greater than 0');
    this.rate = options.ratePerSecond;
    this.burst = Math.max(1, options.burst ?? options.ratePerSecond);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms, signal) => sleep(ms, undefined, { signal }));
    this.tokens = this.burst;
    this.refilledAt = this.now();
  }

  /** Takes one token, waiting for it if none is left. */
  async take(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    const waitMs = Math.ceil((-this.tokens / this.rate) * 1000);
    try {
      await this.sleep(waitMs, signal);
    } catch (err) {
      this.tokens += 1;
      throw signal?.aborted ? signal.reason : err;
    }
  }

  /** Tokens available right now (negative: that many reserved by waiters). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  private refill(): void {
    const now = this.now();
    const elapsed = now - this.refilledAt;
    if (elapsed <= 0) return;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.rate);
    this.refilledAt = now;
  }
}

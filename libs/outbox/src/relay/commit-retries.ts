/** How the relay retries a commit the broker refuses, and when it gives up on it. */
export interface RetryPolicy {
  /** Permanent refusals before the commit is parked. */
  readonly parkAfterAttempts: number;
  /** Pause before the second attempt; doubled for each later one. */
  readonly backoffMs: number;
  /** Upper bound of the pause. */
  readonly maxBackoffMs: number;
}

interface Failing {
  /** Permanent refusals so far. */
  refusals: number;
  /** Not to be tried again before this time (ms since the epoch). */
  notBefore: number;
  /** Events of the commit the broker already confirmed: a retry sends only the rest. */
  confirmedEvents: number;
}

/**
 * The relay's memory of commits whose last publish failed: how far each got, how often the broker
 * refused it, and when it may be tried again. Kept in memory only: a new leader starts counting afresh,
 * which costs at most a few more attempts. Entries go when the commit is confirmed or parked.
 */
export class CommitRetries {
  private readonly failing = new Map<string, Failing>();

  constructor(private readonly policy: RetryPolicy) {}

  /** Whether the commit is still in its pause after a refusal. */
  waiting(commitId: string, now = Date.now()): boolean {
    const f = this.failing.get(commitId);
    return f !== undefined && now < f.notBefore;
  }

  /** Events of the commit already confirmed, so the next attempt starts after them. */
  confirmedEvents(commitId: string): number {
    return this.failing.get(commitId)?.confirmedEvents ?? 0;
  }

  /**
   * Records a permanent refusal after `confirmedEvents` events went through. Returns `'park'` once the
   * bound is reached (the entry is dropped: an unparked commit starts again from the first attempt),
   * otherwise `'retry'` with the pause set.
   */
  refused(
    commitId: string,
    confirmedEvents: number,
    now = Date.now(),
  ): { decision: 'park' | 'retry'; attempts: number } {
    const f = this.entry(commitId);
    f.refusals++;
    f.confirmedEvents = confirmedEvents;
    if (f.refusals >= this.policy.parkAfterAttempts) {
      this.failing.delete(commitId);
      return { decision: 'park', attempts: f.refusals };
    }
    const pause = Math.min(this.policy.maxBackoffMs, this.policy.backoffMs * 2 ** (f.refusals - 1));
    f.notBefore = now + pause;
    return { decision: 'retry', attempts: f.refusals };
  }

  /** Records a transient failure: progress is kept, nothing counts towards parking, no pause. */
  failed(commitId: string, confirmedEvents: number): void {
    this.entry(commitId).confirmedEvents = confirmedEvents;
  }

  /** The commit was confirmed (or is someone else's now): forget it. */
  forget(commitId: string): void {
    this.failing.delete(commitId);
  }

  /** Forgets everything (the relay lost the lease). */
  clear(): void {
    this.failing.clear();
  }

  private entry(commitId: string): Failing {
    let f = this.failing.get(commitId);
    if (!f) {
      f = { refusals: 0, notBefore: 0, confirmedEvents: 0 };
      this.failing.set(commitId, f);
    }
    return f;
  }
}

import type { Lease } from '@switchyard/mongodb';

/** What `HeldLease.ensure` found. */
export interface LeaseCheck {
  readonly held: boolean;
  /** Taken just now (a new term): whatever the holder cached may be stale. */
  readonly fresh: boolean;
}

/**
 * A lease as a runner uses it on every round: asks the database only when a renewal is due (holder) or a
 * retry is due (standby), so a runner woken 150 times a second reads its lease once a second.
 */
export class HeldLease {
  private nextCheck = 0;
  private term: number | undefined;

  constructor(
    private readonly lease: Lease,
    private readonly renewMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get held(): boolean {
    return this.term !== undefined;
  }

  get holder(): string {
    return this.lease.holder;
  }

  async ensure(): Promise<LeaseCheck> {
    const now = this.now();
    if (now < this.nextCheck) return { held: this.term !== undefined, fresh: false };
    const before = this.term;
    const held = await this.lease.tryAcquire();
    this.nextCheck = now + this.renewMs;
    this.term = held ? this.lease.term : undefined;
    return { held, fresh: held && this.term !== before };
  }

  /** Asks the database on the next `ensure` (after a write conflict: was the lease lost?). */
  recheck(): void {
    this.nextCheck = 0;
  }

  async release(): Promise<void> {
    this.term = undefined;
    this.nextCheck = 0;
    await this.lease.release();
  }
}

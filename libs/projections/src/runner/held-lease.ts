import type { Lease } from '@switchyard/mongodb';

/** What `HeldLease.ensure` found. */
export interface LeaseCheck {
  readonly held: boolean;
  /** Taken just now (a new term): whatever the holder cached may be stale. */
  readonly fresh: boolean;
}

/**
 * A lease as a runner uses it on every round: asks the database only when a renewal is due (holder) or a
 * retry is due (standby), so a runner woken 150 times a second reads its lease a few times a second.
 * While held it also renews on a timer, so a long round (a big page on a slow database) does not outlive
 * its term; a renewal that finds the lease lost makes the next round stand by.
 */
export class HeldLease {
  private nextCheck = 0;
  private term: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<boolean> | undefined;
  /** Until when the held term surely lasts: the start of the last successful renewal plus the TTL. */
  private validUntil = 0;

  constructor(
    private readonly lease: Lease,
    private readonly renewMs: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether the term surely lasts `marginMs` more. A runner asks right before each write: a process that
   * froze (GC, VM, network) past its TTL must not write on resuming, because FerretDB's guarded updates
   * are not atomic against a concurrent writer (the new holder); only the lease keeps them apart.
   */
  validFor(marginMs: number): boolean {
    return this.term !== undefined && this.now() + marginMs < this.validUntil;
  }

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
    const held = await this.ask();
    this.nextCheck = now + this.renewMs;
    return { held, fresh: held && this.term !== before };
  }

  /** Asks the database on the next `ensure` (after a write conflict: was the lease lost?). */
  recheck(): void {
    this.nextCheck = 0;
  }

  async release(): Promise<void> {
    this.stopTimer();
    await this.inFlight?.catch(() => undefined);
    this.term = undefined;
    this.validUntil = 0;
    this.nextCheck = 0;
    await this.lease.release();
  }

  /** One call at a time to the lease (acquire or renew), and the timer follows the outcome. */
  private ask(): Promise<boolean> {
    const asked = this.now();
    this.inFlight ??= this.lease
      .tryAcquire()
      .then((held) => {
        this.term = held ? this.lease.term : undefined;
        this.validUntil = held ? asked + this.ttlMs : 0;
        if (held) this.startTimer();
        else this.stopTimer();
        return held;
      })
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private startTimer(): void {
    if (this.timer || this.renewMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.now() >= this.nextCheck) void this.ask().catch(() => undefined);
    }, this.renewMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

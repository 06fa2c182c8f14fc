import { DeliveryExpiredError, type DeliveryExpiry } from '../errors/delivery-expired.error';

/**
 * One attempt at handling a delivery, for as long as the runtime waits for it. When the runtime stops
 * waiting (the visibility timeout passed, or shutdown gave up on it) the lease expires: `signal` aborts
 * with a {@link DeliveryExpiredError} as its reason, and every write the runtime makes for the attempt
 * (`ctx.inbox.recordWith`, the inbox record) is refused with that error from then on.
 */
export class AttemptLease {
  private readonly controller = new AbortController();
  private expiry?: DeliveryExpiredError;

  constructor(
    readonly queue: string,
    readonly messageId: string,
    readonly attempt: number,
  ) {}

  /** Aborted, with the {@link DeliveryExpiredError} as reason, when the lease expires. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.expiry !== undefined;
  }

  /** Ends the lease (the first reason wins). */
  expire(reason: DeliveryExpiry): void {
    if (this.expiry) return;
    this.expiry = new DeliveryExpiredError(this.queue, this.messageId, this.attempt, reason);
    this.controller.abort(this.expiry);
  }

  /**
   * Runs `write` for this attempt if the lease is live, else rejects with the DeliveryExpiredError. A write
   * already under way when the lease expires completes; a retry that writes the same unique key then finds
   * it (`'duplicate'`).
   */
  async guard<T>(write: () => Promise<T>): Promise<T> {
    if (this.expiry) throw this.expiry;
    return write();
  }
}

/**
 * A lease: one holder at a time does a job (the outbox relay, a projection build), the others stand by and
 * take over when it is released or expires.
 */
export interface Lease {
  readonly holder: string;
  readonly term: number | undefined;
  ensureIndexes(): Promise<void>;
  /** Resolves true while this holder holds the lease (acquiring or renewing as needed). */
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
}

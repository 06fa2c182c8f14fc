/** What the relay needs of a lease: take it (or keep it), and give it up. */
export interface Lease {
  readonly holder: string;
  readonly term: number | undefined;
  ensureIndexes(): Promise<void>;
  /** Resolves true while this relay holds the lease (acquiring or renewing as needed). */
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
}

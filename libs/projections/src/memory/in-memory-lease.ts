import type { Lease } from '@switchyard/mongodb';

/** The state every in-memory lease of one store shares: per key, the term and who holds it until when. */
export type InMemoryLeaseTable = Map<string, { term: number; holder: string; expiresAt: number }>;

/** A {@link Lease} in memory with the same rules as `MongoLease` (terms, expiry, release). */
export class InMemoryLease implements Lease {
  private heldTerm: number | undefined;

  constructor(
    private readonly table: InMemoryLeaseTable,
    private readonly key: string,
    readonly holder: string,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get term(): number | undefined {
    return this.heldTerm;
  }

  async ensureIndexes(): Promise<void> {}

  async tryAcquire(): Promise<boolean> {
    const now = this.now();
    const current = this.table.get(this.key);
    if (current && this.heldTerm === current.term && current.holder === this.holder) {
      if (current.expiresAt <= now) {
        this.heldTerm = undefined;
        return false;
      }
      current.expiresAt = now + this.ttlMs;
      return true;
    }
    this.heldTerm = undefined;
    if (current && current.expiresAt > now && current.holder !== this.holder) return false;
    const term = (current?.term ?? 0) + 1;
    this.table.set(this.key, { term, holder: this.holder, expiresAt: now + this.ttlMs });
    this.heldTerm = term;
    return true;
  }

  async release(): Promise<void> {
    const current = this.table.get(this.key);
    if (current && current.term === this.heldTerm && current.holder === this.holder) current.expiresAt = 0;
    this.heldTerm = undefined;
  }
}

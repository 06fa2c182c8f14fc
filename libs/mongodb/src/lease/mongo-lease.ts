import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../duplicate-key';
import type { LeaseDocument } from './lease.document';
import type { Lease } from './lease';

/** Options of {@link MongoLease}. */
export interface MongoLeaseOptions {
  /** Identity of this contender (host:pid:random). */
  readonly holder: string;
  /** Name of the lease the contenders compete for. */
  readonly lease: string;
  /** Collection holding the lease terms (several leases may share it). */
  readonly collection: string;
  /** How long a term lasts without renewal; a crashed holder's lease expires after this. */
  readonly ttlMs: number;
  /** Injected clock, for tests. */
  readonly now?: () => number;
}

/**
 * A lease made of insert-only term documents guarded by a unique `_id`.
 *
 * - `tryAcquire()`: reads the newest term; if none exists, or it has expired, inserts term + 1. Two
 *   contenders racing for the same term: one insert wins, the other gets 11000 and stays a follower.
 * - `renew()`: the holder pushes its own term's `expiresAt` forward, then checks no newer term exists.
 *   A holder that paused past its TTL finds a newer term and stops (LeaseLost).
 *
 * The lease makes contenders take turns; it is not what makes their writes safe. A deposed holder may
 * act once more before it notices, which the job's own guards must absorb (consumer inboxes for the
 * outbox, guarded document writes for projections).
 */
export class MongoLease implements Lease {
  private readonly leases: Collection<LeaseDocument>;
  private readonly now: () => number;
  private heldTerm: number | undefined;

  constructor(
    db: Db,
    private readonly options: MongoLeaseOptions,
  ) {
    this.leases = db.collection<LeaseDocument>(options.collection);
    this.now = options.now ?? Date.now;
  }

  get holder(): string {
    return this.options.holder;
  }

  /** The term this contender holds, if it believes it holds one. */
  get term(): number | undefined {
    return this.heldTerm;
  }

  async ensureIndexes(): Promise<void> {
    await this.leases.createIndex({ lease: 1, term: -1 });
  }

  /** Takes the lease when it is free or expired. Resolves true when this contender holds it afterwards. */
  async tryAcquire(): Promise<boolean> {
    if (this.heldTerm !== undefined) return this.renew();
    const latest = await this.latest();
    const now = this.now();
    if (latest && latest.expiresAt.getTime() > now && latest.holder !== this.holder) return false;
    const term = (latest?.term ?? 0) + 1;
    try {
      await this.leases.insertOne({
        _id: `${this.options.lease}:${term}`,
        lease: this.options.lease,
        term,
        holder: this.holder,
        acquiredAt: new Date(now),
        expiresAt: new Date(now + this.options.ttlMs),
      });
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
    this.heldTerm = term;
    await this.prune(term);
    return true;
  }

  /** Extends the held term. Resolves false (and forgets the term) when it was lost. */
  async renew(): Promise<boolean> {
    const term = this.heldTerm;
    if (term === undefined) return false;
    const now = this.now();
    const own = await this.leases.findOne({ _id: `${this.options.lease}:${term}` });
    if (!own || own.holder !== this.holder || own.expiresAt.getTime() <= now) {
      this.heldTerm = undefined;
      return false;
    }
    await this.leases.updateOne(
      { _id: `${this.options.lease}:${term}`, holder: this.holder },
      { $set: { expiresAt: new Date(now + this.options.ttlMs) } },
    );
    const latest = await this.latest();
    if (!latest || latest.term !== term) {
      this.heldTerm = undefined;
      return false;
    }
    return true;
  }

  /** Gives the lease up at once (graceful shutdown), so a follower takes over without waiting. */
  async release(): Promise<void> {
    const term = this.heldTerm;
    this.heldTerm = undefined;
    if (term === undefined) return;
    await this.leases.updateOne(
      { _id: `${this.options.lease}:${term}`, holder: this.holder },
      { $set: { expiresAt: new Date(0) } },
    );
  }

  private latest(): Promise<LeaseDocument | null> {
    return this.leases.find({ lease: this.options.lease }).sort({ term: -1 }).limit(1).next();
  }

  /** Old terms are history nobody reads; keep a few for debugging. */
  private async prune(term: number): Promise<void> {
    if (term > 10) await this.leases.deleteMany({ lease: this.options.lease, term: { $lt: term - 10 } });
  }
}

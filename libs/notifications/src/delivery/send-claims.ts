import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { isDuplicateKeyError } from '@switchyard/mongodb';
import { NOTIFICATION_CLAIMS_COLLECTION } from '../notifications.constants';

/** A claim this delivery holds: release it when done. */
export interface HeldClaim {
  readonly claimed: true;
  readonly id: string;
}

/** Another delivery holds the claim (until `expiresAt`, epoch ms, when known). */
export interface RefusedClaim {
  readonly claimed: false;
  readonly holder: string;
  readonly expiresAt?: number;
}

/** Who may send one notification now: at most one delivery at a time, until its lease runs out. */
export interface SendClaims {
  claim(notificationId: string, owner: string, ttlMs: number): Promise<HeldClaim | RefusedClaim>;
  release(claim: HeldClaim): Promise<void>;
}

interface ClaimDocument {
  readonly _id: string;
  readonly key: string;
  readonly generation: number;
  readonly owner: string;
  readonly claimedAt: number;
  readonly expiresAt: number;
}

/**
 * Send claims from inserts under the `_id` index alone (no transactions, no conditional updates, so
 * FerretDB too): claim N of a notification is the document `<id>#<N>`. A delivery reads the claims of its
 * notification (equality on `key`); while the newest is live it is refused; otherwise it inserts the next
 * generation, and of two deliveries racing for it the insert lets one win (11000 for the other). Releasing
 * deletes the held document. A holder that crashed leaves its claim until `expiresAt`; the claim must
 * outlive any attempt (the visibility timeout aborts the attempt's request) so a take-over never overlaps
 * a send still running. Expiry compares epoch ms across processes: the workers' clocks must agree to well
 * within the TTL.
 */
export class MongoSendClaims implements SendClaims {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.collection().createIndex({ key: 1 }, { name: 'key' });
  }

  async claim(notificationId: string, owner: string, ttlMs: number): Promise<HeldClaim | RefusedClaim> {
    const claims = await this.collection().find({ key: notificationId }).toArray();
    const newest = claims.reduce<ClaimDocument | undefined>(
      (a, c) => (a === undefined || c.generation > a.generation ? c : a),
      undefined,
    );
    const now = this.now();
    if (newest && newest.expiresAt > now) {
      return { claimed: false, holder: newest.owner, expiresAt: newest.expiresAt };
    }
    const generation = newest ? newest.generation + 1 : 0;
    const id = `${notificationId}#${generation}`;
    try {
      await this.collection().insertOne({
        _id: id,
        key: notificationId,
        generation,
        owner: `${owner}/${randomUUID().slice(0, 8)}`,
        claimedAt: now,
        expiresAt: now + ttlMs,
      });
      return { claimed: true, id };
    } catch (err) {
      if (isDuplicateKeyError(err)) return { claimed: false, holder: 'a concurrent delivery' };
      throw err;
    }
  }

  async release(claim: HeldClaim): Promise<void> {
    await this.collection().deleteOne({ _id: claim.id });
  }

  private collection() {
    return this.db.collection<ClaimDocument>(NOTIFICATION_CLAIMS_COLLECTION);
  }
}

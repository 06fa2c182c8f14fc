import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { PendingCommit, PositionClaim, SequencerStore } from '../sequencing/sequencer-store';
import { chunkedBulkWrite, type BulkWriteShape } from './chunked-bulk-write';
import type { CommitDocument } from './commit-document';
import { isDuplicateKeyError as isDuplicateKey } from '@switchyard/mongodb';
import type { ArchivedPositions } from './archived-positions';
import type { PositionClaimDocument } from './position-claim-document';
import { positionBucket } from './position-bucket';

const PENDING_PROJECTION = { _id: 1, stream: 1, revision: 1, lastRevision: 1, committedAt: 1, sequenced: 1 };

type PendingFields = Pick<CommitDocument, '_id' | 'stream' | 'revision' | 'lastRevision' | 'committedAt'>;

/**
 * The sequencer's port over MongoDB or FerretDB. Every read is an equality look-up (`sequenced`,
 * `position`, `_id`, `commit`, `bucket`, `{stream, lastRevision}`), and every commit write names the
 * commit's stream, so on a cluster sharded by stream each one goes to a single shard.
 */
export class MongoSequencerStore implements SequencerStore {
  constructor(
    private readonly commits: Collection<CommitDocument>,
    private readonly claims: Collection<PositionClaimDocument>,
    private readonly updates: BulkWriteShape,
    private readonly archived: Pick<ArchivedPositions, 'archivedAt'>,
  ) {}

  async readPending(limit: number, whole = false): Promise<PendingCommit[]> {
    const docs = await this.commits
      .find({ sequenced: false }, whole ? {} : { projection: PENDING_PROJECTION })
      .limit(limit)
      .toArray();
    return docs.map((d) => (whole ? { ...toPending(d), document: d } : toPending(d)));
  }

  async commitEndingAt(
    stream: string,
    lastRevision: number,
  ): Promise<(PendingCommit & { sequenced: boolean }) | undefined> {
    const doc = await this.commits.findOne({ stream, lastRevision }, { projection: PENDING_PROJECTION });
    return doc ? { ...toPending(doc), sequenced: doc.sequenced !== false } : undefined;
  }

  /**
   * An archived position counts as stamped (its commit was, before it was archived): the stamped positions
   * stay a dense prefix, so finding their end never stops at an archive's hole (which would make the
   * recovery re-stamp every claim above it).
   */
  async isStamped(position: number): Promise<boolean> {
    if ((await this.commits.findOne({ position }, { projection: { _id: 1 } })) !== null) return true;
    return (await this.archived.archivedAt(position)) !== undefined;
  }

  async isClaimed(position: number): Promise<boolean> {
    return (await this.claims.findOne({ _id: position }, { projection: { _id: 1 } })) !== null;
  }

  async insertClaims(claims: readonly PositionClaim[]): Promise<number> {
    if (claims.length === 0) return 0;
    try {
      await this.claims.insertMany(claims.map(toClaimDocument), { ordered: true });
      return claims.length;
    } catch (err) {
      // Ordered: everything before the first duplicate is in, nothing after it. Code 11000 alone.
      if (!isDuplicateKey(err)) throw err;
      const inserted = (err as { insertedCount?: unknown }).insertedCount;
      if (typeof inserted !== 'number') throw err;
      return inserted;
    }
  }

  async claimOf(commitId: string): Promise<PositionClaim | undefined> {
    const doc = await this.claims.findOne({ commit: commitId });
    return doc ? toClaim(doc) : undefined;
  }

  async claimsBetween(from: number, to: number): Promise<PositionClaim[]> {
    const buckets: number[] = [];
    for (let b = positionBucket(from); b <= positionBucket(to); b++) buckets.push(b);
    const found = await Promise.all(buckets.map((bucket) => this.claims.find({ bucket }).toArray()));
    return found
      .flat()
      .filter((d) => d._id >= from && d._id <= to)
      .sort((a, b) => a._id - b._id)
      .map(toClaim);
  }

  async stamp(claims: readonly PositionClaim[], dispatched?: ReadonlySet<string>): Promise<number> {
    if (claims.length === 0) return 0;
    // In claim order per stream (one lane per stream), so a stream's commits become visible in order.
    const ops = claims.map((c) => ({
      key: c.stream,
      op: {
        updateOne: {
          filter: { _id: c.commitId, stream: c.stream, sequenced: false },
          update: {
            $set: {
              position: c.position,
              bucket: positionBucket(c.position),
              sequenced: true,
              ...(dispatched?.has(c.commitId) ? { dispatched: true } : {}),
            },
          },
        },
      } satisfies AnyBulkWriteOperation<CommitDocument>,
    }));
    return chunkedBulkWrite(this.commits, ops, this.updates);
  }
}

function toPending(doc: PendingFields): PendingCommit {
  return {
    commitId: doc._id,
    stream: doc.stream,
    revision: doc.revision,
    lastRevision: doc.lastRevision,
    committedAt: doc.committedAt,
  };
}

function toClaimDocument(c: PositionClaim): PositionClaimDocument {
  return { _id: c.position, commit: c.commitId, stream: c.stream, bucket: positionBucket(c.position) };
}

function toClaim(d: PositionClaimDocument): PositionClaim {
  return { position: d._id, commitId: d.commit, stream: d.stream };
}

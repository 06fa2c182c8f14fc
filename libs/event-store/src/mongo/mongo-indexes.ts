import type { Collection, Document, IndexDescription } from 'mongodb';
import type { CommitDocument } from './commit-document';
import type { PositionClaimDocument } from './position-claim-document';
import type { SnapshotDocument } from './snapshot-document';

/**
 * Indexes of the store. Correctness rests only on unique indexes over plain fields, which FerretDB and
 * MongoDB both enforce: on commits `_id` and `{stream, revision}` (both work with the stream as shard
 * key), on claims `_id` (the position) and `commit`. There is no index on `events.eventId`: FerretDB 1.24
 * accepts `unique` on that multikey index but does not enforce it, so idempotency uses the commit `_id`
 * (its first event id) instead.
 */
const COMMIT_INDEXES: IndexDescription[] = [
  { key: { stream: 1, revision: 1 }, name: 'stream_revision_unique', unique: true },
  { key: { position: 1 }, name: 'position' },
  { key: { sequenced: 1 }, name: 'sequenced' },
  { key: { bucket: 1 }, name: 'position_bucket' },
  { key: { stream: 1, lastRevision: 1 }, name: 'stream_last_revision' },
  { key: { stream: 1, revisionBucket: 1 }, name: 'stream_revision_bucket' },
  { key: { dispatched: 1, position: 1 }, name: 'dispatched_position' },
  { key: { parked: 1 }, name: 'parked' },
  { key: { archived: 1, stream: 1 }, name: 'archived_stream' },
];

/**
 * Dropped when found: the unique `{position}` index of stores written before sequencing. Unsequenced
 * commits have no position, and MongoDB would let only one of them lack it.
 */
const RETIRED_COMMIT_INDEXES = ['position_unique'];

const CLAIM_INDEXES: IndexDescription[] = [
  { key: { commit: 1 }, name: 'commit_unique', unique: true },
  { key: { bucket: 1 }, name: 'claim_bucket' },
];

const SNAPSHOT_INDEXES: IndexDescription[] = [
  { key: { stream: 1, schemaVersion: 1, revision: 1 }, name: 'stream_version_revision_unique', unique: true },
];

export function ensureCommitIndexes(commits: Collection<CommitDocument>): Promise<void> {
  return ensureIndexes(commits, COMMIT_INDEXES, RETIRED_COMMIT_INDEXES);
}

export function ensureClaimIndexes(claims: Collection<PositionClaimDocument>): Promise<void> {
  return ensureIndexes(claims, CLAIM_INDEXES);
}

export function ensureSnapshotIndexes(snapshots: Collection<SnapshotDocument>): Promise<void> {
  return ensureIndexes(snapshots, SNAPSHOT_INDEXES);
}

/**
 * Creates the missing indexes one call each. FerretDB 1.24 closes the connection when one `createIndexes`
 * command lists several indexes that all exist already, so existing ones are skipped by name.
 */
async function ensureIndexes<T extends Document>(
  collection: Collection<T>,
  wanted: IndexDescription[],
  retired: readonly string[] = [],
): Promise<void> {
  const existing = new Set((await existingIndexes(collection)).map((i) => i.name));
  for (const name of retired) if (existing.has(name)) await collection.dropIndex(name);
  for (const index of wanted) {
    if (!existing.has(index.name!)) await collection.createIndexes([index]);
  }
}

async function existingIndexes<T extends Document>(collection: Collection<T>): Promise<{ name?: string }[]> {
  try {
    return await collection.listIndexes().toArray();
  } catch (err) {
    // NamespaceNotFound: the collection does not exist yet, so it has no index.
    if ((err as { code?: unknown }).code === 26) return [];
    throw err;
  }
}

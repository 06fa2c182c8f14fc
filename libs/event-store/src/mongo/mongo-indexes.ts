import type { Collection } from 'mongodb';
import type { CommitDocument } from './commit-document';
import type { SnapshotDocument } from './snapshot-document';

/**
 * Indexes of the store. Uniqueness that correctness rests on uses only single-document unique indexes
 * (`_id`, `{stream, revision}`, `{position}`), which FerretDB and MongoDB both enforce. The multikey index
 * on `events.eventId` is for lookups only: FerretDB 1.24 accepts `unique` on it but does not enforce it.
 */
export async function ensureCommitIndexes(commits: Collection<CommitDocument>): Promise<void> {
  await commits.createIndexes([
    { key: { stream: 1, revision: 1 }, name: 'stream_revision_unique', unique: true },
    { key: { position: 1 }, name: 'position_unique', unique: true },
    { key: { stream: 1, lastRevision: 1 }, name: 'stream_last_revision' },
    { key: { 'events.eventId': 1 }, name: 'event_id_lookup' },
    { key: { dispatched: 1, position: 1 }, name: 'dispatched_position' },
  ]);
}

export async function ensureSnapshotIndexes(snapshots: Collection<SnapshotDocument>): Promise<void> {
  await snapshots.createIndexes([
    { key: { stream: 1, revision: 1 }, name: 'stream_revision_unique', unique: true },
  ]);
}

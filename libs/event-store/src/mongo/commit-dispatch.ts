import type { Collection } from 'mongodb';
import type { EventRegistry } from '@switchyard/contracts';
import type { ReadUndispatchedOptions, StoredCommit } from '../event-store.types';
import { chunkedBulkWrite, type BulkWriteShape } from './chunked-bulk-write';
import { isSequenced, toStoredCommit, type CommitDocument } from './commit-document';
import { positiveLimit } from './read-limit';

/** The outbox's reads and writes of `dispatched`. */

/**
 * Sequenced undispatched commits, oldest position first. `dispatched` is the equality FerretDB pushes
 * down; the rest is filtered beside the sort. Commits not sequenced yet are left for later: the outbox
 * publishes in position order.
 */
export async function readUndispatched(
  commits: Collection<CommitDocument>,
  registry: EventRegistry,
  options: ReadUndispatchedOptions,
): Promise<StoredCommit[]> {
  const excluded = options.excludeStreams ?? [];
  const filter = {
    dispatched: false,
    sequenced: { $ne: false },
    ...(excluded.length > 0 ? { stream: { $nin: [...excluded] } } : {}),
  };
  const docs = await commits.find(filter).sort({ position: 1 }).limit(positiveLimit(options.limit)).toArray();
  return docs.filter(isSequenced).map((d) => toStoredCommit(d, registry));
}

/** Sets `dispatched: true` on each commit, in small bulk writes (see `chunkedBulkWrite`). Idempotent. */
export async function markDispatched(
  commits: Collection<CommitDocument>,
  commitIds: readonly string[],
  shape: BulkWriteShape,
): Promise<void> {
  await chunkedBulkWrite(
    commits,
    commitIds.map((_id) => ({
      key: _id,
      op: { updateOne: { filter: { _id }, update: { $set: { dispatched: true } } } },
    })),
    shape,
  );
}

/** Commits not dispatched yet, sequenced or not, parked ones included. */
export function countUndispatched(commits: Collection<CommitDocument>): Promise<number> {
  return commits.countDocuments({ dispatched: false });
}

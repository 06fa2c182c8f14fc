import type { Collection } from 'mongodb';
import type { CommitParking, ParkedCommit } from '../event-store.types';
import { isSequenced, toParking, type CommitDocument } from './commit-document';

/**
 * Parking of commits the outbox cannot publish. Every filter is an equality (`_id`, `parked`), so none of
 * these reads the whole collection on FerretDB.
 */
export async function parkCommit(
  commits: Collection<CommitDocument>,
  commitId: string,
  parking: Omit<CommitParking, 'parkedAt'>,
): Promise<void> {
  const park = {
    reason: parking.reason,
    ...(parking.replyCode === undefined ? {} : { replyCode: parking.replyCode }),
    ...(parking.replyText === undefined ? {} : { replyText: parking.replyText }),
    attempts: parking.attempts,
    parkedAt: new Date(),
  };
  // Only an undispatched commit: one another relay published meanwhile is not parked after the fact.
  await commits.updateOne({ _id: commitId, dispatched: false }, { $set: { parked: true, park } });
}

export async function unparkCommit(commits: Collection<CommitDocument>, commitId: string): Promise<boolean> {
  const r = await commits.updateOne({ _id: commitId, parked: true }, UNPARK);
  return r.matchedCount > 0;
}

/**
 * One `updateOne` per parked commit, not an `updateMany`: FerretDB 1.24 holds a PostgreSQL connection per
 * matched document until the command ends, and stops answering past its pool of 50.
 */
export async function unparkAll(commits: Collection<CommitDocument>): Promise<number> {
  const ids = await commits.find({ parked: true }, { projection: { _id: 1 } }).toArray();
  let unparked = 0;
  for (const { _id } of ids) if (await unparkCommit(commits, _id)) unparked++;
  return unparked;
}

export async function readParked(commits: Collection<CommitDocument>): Promise<ParkedCommit[]> {
  const docs = await commits.find({ parked: true }, { projection: { events: 0 } }).toArray();
  // Sorted here: a sort in the query would read the whole collection on FerretDB.
  return docs.flatMap(toParkedCommit).sort((a, b) => a.position - b.position);
}

/** The commit as `readParked` lists it: `[]` when it is not parked (or not sequenced, so never published). */
export function toParkedCommit(d: CommitDocument): ParkedCommit[] {
  const parking = toParking(d);
  if (!parking || !isSequenced(d)) return [];
  return [
    {
      commitId: d._id,
      stream: d.stream,
      revision: d.revision,
      lastRevision: d.lastRevision,
      position: d.position,
      committedAt: d.committedAt,
      parking,
    },
  ];
}

const UNPARK = { $set: { parked: false }, $unset: { park: '' as const } };

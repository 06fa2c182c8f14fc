import type { Collection } from 'mongodb';
import type { AppendResult } from '../event-store.types';
import { EventIdConflictError } from '../errors/event-id-conflict.error';
import { toAppendResult, type CommitDocument } from './commit-document';
import type { PreparedEvent } from './prepare-events';

/**
 * The original result when this commit (its `_id` is the first event id) is already stored with the same
 * events in the same stream (a retry); `undefined` when it is not stored; `EventIdConflictError` when
 * that id belongs to a different append.
 */
export async function findRetried(
  commits: Collection<CommitDocument>,
  stream: string,
  commitId: string,
  prepared: readonly PreparedEvent[],
): Promise<AppendResult | undefined> {
  const existing = await commits.findOne({ _id: commitId });
  return existing ? retriedResult(existing, stream, prepared) : undefined;
}

/**
 * What an append whose first event id is already stored in `existing` gets: the original result when it
 * is the same append (same stream, same event ids: a retry), `EventIdConflictError` otherwise.
 */
export function retriedResult(
  existing: CommitDocument,
  stream: string,
  prepared: readonly PreparedEvent[],
): AppendResult {
  const ids = prepared.map((e) => e.eventId);
  const storedIds = existing.events.map((e) => e.eventId);
  const same =
    existing.stream === stream &&
    storedIds.length === ids.length &&
    storedIds.every((id, i) => id === ids[i]);
  if (!same) {
    throw new EventIdConflictError(
      stream,
      ids.filter((id) => storedIds.includes(id)),
      existing._id,
      existing.stream,
    );
  }
  return toAppendResult(existing);
}

import type { Collection } from 'mongodb';
import type { EventRegistry } from '@switchyard/contracts';
import type { ArchivedHistoryMode, ReadAllRecordsResult } from '../archive/archive.types';
import type { ReadAllResult } from '../event-store.types';
import { readAllRun, type ReadAllRun } from '../sequencing/read-all-run';
import type { ArchivedPositions } from './archived-positions';
import {
  isSequenced,
  toStoredCommit,
  toStoredRecord,
  type CommitDocument,
  type SequencedCommitDocument,
} from './commit-document';
import { positionBucket } from './position-bucket';
import { positiveLimit } from './read-limit';

/** Paging of `readAll` and `readAllRecords`. */
export interface ReadAllPageOptions {
  readonly fromPosition?: number;
  readonly limit?: number;
  readonly archived?: ArchivedHistoryMode;
}

/**
 * One page of sequenced commit documents from `fromPosition` on, in position order (see
 * {@link readAllRun} for holes and archived history). Positions are dense, so a window lies in known
 * buckets: equality look-ups on `bucket` (FerretDB pushes equality down to PostgreSQL, but not a range or
 * a sort).
 */
export function readAllPage(
  commits: Collection<CommitDocument>,
  archived: ArchivedPositions,
  options: ReadAllPageOptions,
): Promise<ReadAllRun<SequencedCommitDocument>> {
  return readAllRun(
    {
      commitsIn: async (from, count) => {
        const first = positionBucket(from);
        const last = positionBucket(from + count - 1);
        const buckets = Array.from({ length: last - first + 1 }, (_, i) => first + i);
        const found = await Promise.all(buckets.map((bucket) => commits.find({ bucket }).toArray()));
        return found.flat().filter(isSequenced);
      },
      archivedAt: (p) => archived.archivedAt(p),
      archivedAmong: (positions) => archived.archivedAmong(positions),
    },
    Math.max(1, options.fromPosition ?? 1),
    positiveLimit(options.limit),
    options.archived ?? 'throw',
  );
}

/** A page as `readAll` returns it: decoded and upcast. */
export function toReadAllResult(
  run: ReadAllRun<SequencedCommitDocument>,
  registry: EventRegistry,
): ReadAllResult {
  const commits = run.commits.map((d) => toStoredCommit(d, registry));
  return {
    commits,
    events: commits.flatMap((c) => c.events),
    nextPosition: run.nextPosition,
    isEnd: run.isEnd,
    ...(run.archivedSkipped > 0 ? { archivedSkipped: run.archivedSkipped } : {}),
  };
}

/** A page as `readAllRecords` returns it: as stored. */
export function toReadAllRecordsResult(run: ReadAllRun<SequencedCommitDocument>): ReadAllRecordsResult {
  return { ...run, commits: run.commits.map(toStoredRecord) };
}

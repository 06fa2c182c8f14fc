import type { Collection } from 'mongodb';
import type { ArchivedHistoryMode } from '../archive/archive.types';
import { readAllRun, type ReadAllRun } from '../sequencing/read-all-run';
import type { ArchivedPositions } from './archived-positions';
import { isSequenced, type CommitDocument, type SequencedCommitDocument } from './commit-document';
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

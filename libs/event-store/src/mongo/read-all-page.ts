import type { Collection } from 'mongodb';
import type { EventRegistry } from '@switchyard/contracts';
import type { ReadAllOptions, ReadAllResult } from '../event-store.types';
import { densePage } from '../sequencing/dense-page';
import { isSequenced, toStoredCommit, type CommitDocument } from './commit-document';
import { positionBucket } from './position-bucket';
import { positiveLimit } from './read-limit';

/**
 * One page of `readAll`: the sequenced commits from `fromPosition` on, in position order. Positions are
 * dense, so the page lies in known buckets: equality look-ups on `bucket` (FerretDB pushes equality down
 * to PostgreSQL, but not a range or a sort).
 */
export async function readAllPage(
  commits: Collection<CommitDocument>,
  registry: EventRegistry,
  options: ReadAllOptions,
): Promise<ReadAllResult> {
  const fromPosition = options.fromPosition ?? 1;
  const limit = positiveLimit(options.limit);
  const firstBucket = positionBucket(fromPosition);
  const lastBucket = positionBucket(fromPosition + limit - 1);
  const buckets = Array.from({ length: lastBucket - firstBucket + 1 }, (_, i) => firstBucket + i);
  const found = await Promise.all(buckets.map((bucket) => commits.find({ bucket }).toArray()));
  // Stop at the first gap: a position claimed but not stamped yet (a sequencer batch under way, or one
  // cut short that the next sequencer repairs) must not be skipped by a resuming reader.
  const dense = densePage(found.flat().filter(isSequenced), fromPosition, limit);
  const page = dense.map((d) => toStoredCommit(d, registry));
  return {
    commits: page,
    events: page.flatMap((c) => c.events),
    nextPosition: page.length > 0 ? page[page.length - 1]!.position + 1 : fromPosition,
    isEnd: page.length < limit,
  };
}

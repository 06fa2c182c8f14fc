import type { Collection } from 'mongodb';
import type { CommitDocument } from './commit-document';
import { revisionBucket } from './revision-bucket';

/** Revision buckets fetched at once (in parallel) per round. */
const BUCKETS_PER_ROUND = 2;
/** Beyond this many rounds the tail is long: a range query over the stream is as good. */
const MAX_ROUNDS = 3;

/** What a bucket read of a stream's tail found. */
export type BucketTail =
  /** The whole tail from `from` (up to the limit); `[]` when the stream ends right before `from`. */
  | { readonly kind: 'complete'; readonly commits: CommitDocument[] }
  /**
   * The commits found, then one at `resumeAt` that the buckets did not hold (written without
   * `revisionBucket`, by an older version): the rest is for the revision-by-revision walk.
   */
  | { readonly kind: 'partial'; readonly commits: CommitDocument[]; readonly resumeAt: number }
  /** Nothing to go on (a long tail, or `from` inside a commit): use a range query. */
  | { readonly kind: 'unknown' };

/**
 * The commits of `stream` from revision `from` on, fetched by equality on `{revisionBucket, stream}`:
 * each commit sits in the bucket of its first revision and starts right after the previous one ends, so
 * the chain is followed through a round of BUCKETS_PER_ROUND buckets. The end is confirmed with one
 * equality look-up of the next revision, so a commit without the field (an older writer) is never taken
 * for the end. The bucket comes first in the filter: FerretDB evaluates the conditions in order in
 * PostgreSQL, and the bucket of a long stream's tail matches few documents where the stream matches
 * all of the stream's, each decoded again for the second condition.
 */
export async function readBucketTail(
  commits: Collection<CommitDocument>,
  stream: string,
  from: number,
  limit: number,
): Promise<BucketTail> {
  const found: CommitDocument[] = [];
  let next = from;
  let events = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const first = revisionBucket(next);
    const pages = await Promise.all(
      Array.from({ length: BUCKETS_PER_ROUND }, (_, i) =>
        commits.find({ revisionBucket: first + i, stream }).toArray(),
      ),
    );
    const byRevision = new Map(pages.flat().map((d) => [d.revision, d]));
    for (let doc = byRevision.get(next); doc; doc = byRevision.get(next)) {
      found.push(doc);
      events += doc.events.length;
      next = doc.lastRevision + 1;
      if (events >= limit) return { kind: 'complete', commits: found };
    }
    if (found.length === 0) return startOfTail(commits, stream, from);
    // The chain left the fetched buckets: another round. Otherwise it stopped inside them.
    if (revisionBucket(next) >= first + BUCKETS_PER_ROUND) continue;
    const more = await commits.findOne({ revision: next, stream }, { projection: { _id: 1 } });
    return more ? { kind: 'partial', commits: found, resumeAt: next } : { kind: 'complete', commits: found };
  }
  return { kind: 'unknown' };
}

/** No bucketed commit starts at `from`: the stream ends right before it, or only a walk can tell. */
async function startOfTail(
  commits: Collection<CommitDocument>,
  stream: string,
  from: number,
): Promise<BucketTail> {
  const [startsAt, endsBefore] = await Promise.all([
    commits.findOne({ revision: from, stream }, { projection: { _id: 1 } }),
    commits.findOne({ lastRevision: from - 1, stream }, { projection: { _id: 1 } }),
  ]);
  if (startsAt) return { kind: 'partial', commits: [], resumeAt: from };
  return endsBefore ? { kind: 'complete', commits: [] } : { kind: 'unknown' };
}

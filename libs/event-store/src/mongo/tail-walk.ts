import type { Collection } from 'mongodb';
import { readBucketTail } from './bucket-tail';
import type { CommitDocument } from './commit-document';

/** Revisions probed at once when following a stream's tail by equality. */
const TAIL_WALK_BATCH = 16;
/** Beyond this many rounds the tail is long: a range query over the stream is cheaper. */
const TAIL_WALK_MAX_ROUNDS = 4;

/**
 * The commits of `stream` from revision `from` on (`from` > 0), when the tail is short: by revision
 * bucket first, then, for commits written without `revisionBucket` (older versions), revision by
 * revision. `undefined`: the tail is long or `from` is inside a commit; use a range query.
 */
export async function readTail(
  commits: Collection<CommitDocument>,
  stream: string,
  from: number,
  limit: number,
): Promise<CommitDocument[] | undefined> {
  const bucketed = await readBucketTail(commits, stream, from, limit);
  if (bucketed.kind !== 'partial') return bucketed.kind === 'complete' ? bucketed.commits : undefined;
  const events = bucketed.commits.reduce((n, d) => n + d.events.length, 0);
  const rest = await walkTail(commits, stream, bucketed.resumeAt, limit - events);
  return rest && [...bucketed.commits, ...rest];
}

/**
 * The commits from revision `from` on, when `from` starts a commit and the tail is short: each commit
 * starts right after the previous one ends, so the chain is followed with equality look-ups on
 * `{stream, revision}`, TAIL_WALK_BATCH candidates at a time. FerretDB answers those from PostgreSQL
 * without decoding the whole stream, which a range query makes it do; the revision comes first in the
 * filter for the reason given in `bucket-tail.ts`. `undefined`: use a range query.
 */
async function walkTail(
  commits: Collection<CommitDocument>,
  stream: string,
  from: number,
  limit: number,
): Promise<CommitDocument[] | undefined> {
  const found: CommitDocument[] = [];
  let next = from;
  let events = 0;
  for (let round = 0; round < TAIL_WALK_MAX_ROUNDS; round++) {
    const base = next;
    const batch = await Promise.all(
      Array.from({ length: TAIL_WALK_BATCH }, (_, i) => commits.findOne({ revision: base + i, stream })),
    );
    const byRevision = new Map(
      batch.filter((d): d is CommitDocument => d !== null).map((d) => [d.revision, d]),
    );
    if (round === 0 && !byRevision.has(from)) {
      // Nothing starts at `from`: the stream ends right before it, or `from` is inside a commit.
      const endsBefore = await commits.findOne(
        { lastRevision: from - 1, stream },
        { projection: { _id: 1 } },
      );
      return endsBefore ? [] : undefined;
    }
    for (let doc = byRevision.get(next); doc; doc = byRevision.get(next)) {
      found.push(doc);
      events += doc.events.length;
      next = doc.lastRevision + 1;
      if (events >= limit) return found;
    }
    // `next` was probed and no commit starts there: the end of the stream.
    if (next < base + TAIL_WALK_BATCH) return found;
  }
  return undefined;
}

import type { Collection } from 'mongodb';
import type { CommitDocument } from './commit-document';

/** The stream's revision read from its last commit, sorted; `undefined` when the stream does not exist. */
export async function readCurrentRevision(
  commits: Collection<CommitDocument>,
  stream: string,
): Promise<number | undefined> {
  const last = await commits
    .find({ stream }, { projection: { lastRevision: 1 } })
    .sort({ revision: -1 })
    .limit(1)
    .next();
  return last ? last.lastRevision : undefined;
}

/**
 * The stream's revision. A guess (-1: no stream) is confirmed with two equality look-ups (a commit ends
 * at it, none starts after it), which stay fast on FerretDB; otherwise the last commit is read sorted.
 */
export async function streamRevision(
  commits: Collection<CommitDocument>,
  stream: string,
  guess: number | undefined,
): Promise<number | undefined> {
  if (guess !== undefined) {
    const [endsAtGuess, startsAfter] = await Promise.all([
      guess < 0
        ? Promise.resolve(true)
        : commits.findOne({ stream, lastRevision: guess }, { projection: { _id: 1 } }),
      commits.findOne({ stream, revision: guess + 1 }, { projection: { _id: 1 } }),
    ]);
    if (endsAtGuess && !startsAfter) return guess < 0 ? undefined : guess;
  }
  return readCurrentRevision(commits, stream);
}

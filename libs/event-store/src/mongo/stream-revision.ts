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

/** Where an append's revision comes from: checked by reading, or a guess the insert itself checks. */
export type RevisionSource = 'read' | 'guess';

/**
 * The revision to append after, and whether it was read or guessed. Commits of a stream are contiguous
 * (each starts right after the one before, under the unique `{stream, revision}` index), so a stream that
 * has moved past a guess `g` always has a commit starting at `g + 1`: an insert there fails with 11000,
 * and the caller reads and tries again. A guess therefore needs no look-up when it cannot leave a gap:
 * `-1` (no stream: revision 0) and the revision this process last wrote. An expected revision from the
 * caller needs one equality look-up (a commit ends at it), or the append could start past the stream's
 * end. Without a guess, the last commit is read sorted.
 */
export async function streamRevision(
  commits: Collection<CommitDocument>,
  stream: string,
  guess: { readonly revision: number; readonly exists: boolean } | undefined,
): Promise<{ revision: number | undefined; source: RevisionSource }> {
  if (guess !== undefined) {
    if (guess.revision < 0) return { revision: undefined, source: 'guess' };
    if (guess.exists) return { revision: guess.revision, source: 'guess' };
    const endsAtGuess = await commits.findOne(
      { stream, lastRevision: guess.revision },
      { projection: { _id: 1 } },
    );
    if (endsAtGuess) return { revision: guess.revision, source: 'guess' };
  }
  return { revision: await readCurrentRevision(commits, stream), source: 'read' };
}

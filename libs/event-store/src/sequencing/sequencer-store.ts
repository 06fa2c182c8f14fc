/**
 * What the sequencer needs of the storage, as a narrow port: the MongoDB store implements it over the
 * `commits` and `commit_positions` collections, and the property test over an in-memory model. Every
 * operation is an equality look-up, an ordered insert guarded by unique keys, or one bulk write.
 */

/** A commit the sequencer has to give a position (`sequenced: false`), without its events. */
export interface PendingCommit {
  readonly commitId: string;
  readonly stream: string;
  /** Revision of the commit's first event. */
  readonly revision: number;
  readonly lastRevision: number;
  readonly committedAt: Date;
  /** The stored commit as the store read it, when it was read whole (for a hand-off). */
  readonly document?: unknown;
}

/**
 * One position, claimed for one commit: the truth the commits' `position` fields are copied from. Unique
 * by position and unique by commit, so no two commits share a position and no commit has two.
 */
export interface PositionClaim {
  readonly position: number;
  readonly commitId: string;
  readonly stream: string;
}

export interface SequencerStore {
  /** Up to `limit` commits not sequenced yet, in no particular order; `whole`: with their documents. */
  readPending(limit: number, whole?: boolean): Promise<PendingCommit[]>;
  /**
   * The commit of `stream` that ends at `lastRevision`, and whether it is sequenced; `undefined` when
   * there is none.
   */
  commitEndingAt(
    stream: string,
    lastRevision: number,
  ): Promise<(PendingCommit & { readonly sequenced: boolean }) | undefined>;
  /**
   * Whether a commit carries `position` (stamped by a sequencer, or written before sequencing existed), or
   * carried it before it was archived.
   */
  isStamped(position: number): Promise<boolean>;
  /** Whether `position` is claimed. */
  isClaimed(position: number): Promise<boolean>;
  /**
   * Inserts the claims in order and stops at the first duplicate key (a position or a commit claimed
   * already). Resolves how many went in: all of them, or those before the duplicate.
   */
  insertClaims(claims: readonly PositionClaim[]): Promise<number>;
  /** The claim of a commit, if it has one. */
  claimOf(commitId: string): Promise<PositionClaim | undefined>;
  /** The claims of positions `from..to` (inclusive) that exist, in position order. */
  claimsBetween(from: number, to: number): Promise<PositionClaim[]>;
  /**
   * Copies the claims onto their commits (position, bucket, `sequenced: true`), in claim order, in one
   * bulk write, marking those in `dispatched` dispatched in the same write. Idempotent: a commit stamped
   * already is left alone. Resolves how many it stamped now.
   */
  stamp(claims: readonly PositionClaim[], dispatched?: ReadonlySet<string>): Promise<number>;
}

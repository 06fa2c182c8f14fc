import type { ReadModelDocument } from '../definition/projection-definition';

/** One build of a projection: its name and version, and the collection base name it writes under. */
export interface BuildRef {
  readonly name: string;
  readonly version: number;
  readonly collection: string;
}

/** The last event applied to a document: its commit's position and its index in the commit. */
export interface AppliedMark {
  readonly position: number;
  readonly index: number;
}

/**
 * A read-model document as stored: its state, or `undefined` for a tombstone, and the last event applied.
 * A deleted document stays as a tombstone for good: its mark keeps any older event (a repeated page, a
 * deposed holder replaying behind) from bringing it back, which removing it could not guarantee.
 */
export interface StoredReadModel {
  readonly id: string;
  readonly state: ReadModelDocument | undefined;
  readonly applied: AppliedMark;
}

/**
 * One document write of a page: an insert of a new document (the unique `_id` guards it), or a whole
 * replacement guarded by the mark the document had when it was loaded. `state: undefined` writes a tombstone.
 */
export type ReadModelWrite =
  | {
      readonly kind: 'insert';
      readonly id: string;
      readonly state: ReadModelDocument | undefined;
      readonly applied: AppliedMark;
    }
  | {
      readonly kind: 'replace';
      readonly id: string;
      readonly state: ReadModelDocument | undefined;
      readonly applied: AppliedMark;
      readonly expected: AppliedMark;
    };

/** Where and why a build stopped: the event (or commit) it cannot apply. */
export interface PausedAt {
  /** The id to skip it with: the event id, else the commit id, else `@<position>`. */
  readonly ref: string;
  readonly position: number;
  readonly eventId?: string;
  readonly commitId?: string;
  readonly indexInCommit?: number;
  readonly type?: string;
  /** The commit could not be read at all (corrupt or not upcastable): a skip passes the whole commit. */
  readonly unreadable: boolean;
  readonly error: string;
  readonly errorName?: string;
  readonly at: Date;
}

/** A build's progress: every commit up to `position` is applied to its documents. */
export interface BuildCheckpoint {
  readonly name: string;
  readonly version: number;
  readonly position: number;
  /** When the commit at `position` was committed (lag in seconds). */
  readonly committedAt?: Date;
  /**
   * Side effects run for events past this position. Set when a live build first catches up (so a new
   * projection never fires for history), or by a rebuild at its switch; unset while catching up.
   */
  readonly liveFrom?: number;
  readonly paused?: PausedAt;
  readonly updatedAt: Date;
}

/** A checkpoint change; `paused: null` clears a pause. */
export interface CheckpointUpdate {
  readonly position?: number;
  readonly committedAt?: Date;
  readonly liveFrom?: number;
  readonly paused?: PausedAt | null;
}

/** Which version of a projection the query side reads. */
export interface ProjectionPointer {
  readonly name: string;
  readonly version: number;
  /** The collection of that version. */
  readonly collection: string;
  readonly updatedAt: Date;
  /** Set by a rebuild's switch: the version before, and the position the new one had reached. */
  readonly previousVersion?: number;
  readonly switchPosition?: number;
}

/** A blue/green rebuild's state, one per projection (the last one). */
export interface RebuildRecord {
  readonly name: string;
  readonly fromVersion: number;
  readonly targetVersion: number;
  /** building → switched (pointer moved) → done (old version dropped). */
  readonly state: 'building' | 'switched' | 'done';
  readonly holder: string;
  readonly startedAt: Date;
  readonly switchedAt?: Date;
  readonly switchPosition?: number;
  readonly finishedAt?: Date;
  /** Why the old version is still there, when the rebuild could not drop it. */
  readonly note?: string;
}

/** An operator's decision to go past an event a projection cannot apply. */
export interface SkipRecord {
  readonly name: string;
  /** The id skipped (event id, commit id or `@<position>`), as the pause named it. */
  readonly ref: string;
  readonly position: number;
  readonly eventId?: string;
  readonly commitId?: string;
  /** The whole commit is passed (it could not be read). */
  readonly wholeCommit: boolean;
  /** The error the event paused on. */
  readonly error: string;
  readonly skippedAt: Date;
}

/**
 * Types of the stored-record reads (export, archive) and of archive markers. A record is an event exactly
 * as stored: no decoding, no upcasting, its data and metadata the JSON text the store wrote.
 */

/** An event as stored, for export and archiving. `(position, indexInCommit)` orders all events. */
export interface StoredEventRecord {
  /** The global position of the event's commit. */
  readonly position: number;
  readonly indexInCommit: number;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  /** The schema version it was written with (not upcast). */
  readonly schemaVersion: number;
  readonly eventId: string;
  readonly committedAt: Date;
  /** The metadata as stored: JSON text. */
  readonly metadata: string;
  /** The data as stored: JSON text, byte for byte. */
  readonly data: string;
}

/** A sequenced commit as stored, its events as records. */
export interface StoredCommitRecord {
  /** The id of its first event. */
  readonly commitId: string;
  readonly stream: string;
  readonly revision: number;
  readonly lastRevision: number;
  readonly position: number;
  readonly committedAt: Date;
  readonly dispatched: boolean;
  /** Whether the outbox has parked it. */
  readonly parked: boolean;
  readonly events: readonly StoredEventRecord[];
}

/** A page of `readAllRecords`, with the paging of `readAll`. */
export interface ReadAllRecordsResult {
  readonly commits: readonly StoredCommitRecord[];
  readonly nextPosition: number;
  readonly isEnd: boolean;
  /** Archived positions this page stepped over (with `archived: 'skip'`; 0 otherwise). */
  readonly archivedSkipped: number;
}

/**
 * What `readAll` and `readAllRecords` do at an archived position: `'throw'` a `HistoryArchivedError` (a
 * page that meets one after some commits ends before it, with `isEnd: false`, and the next read throws),
 * or `'skip'` it and read on.
 */
export type ArchivedHistoryMode = 'throw' | 'skip';

/**
 * The marker that stands in a stream for a run of archived commits: it takes the place (the `_id`, the
 * first revision) of the run's first commit, and spans its revisions, so the stream's revisions stay
 * contiguous, appends cannot reuse them, and a read that reaches them is told where they went.
 */
export interface ArchiveMarker {
  readonly stream: string;
  /** Id of the run's first commit (the marker's own id). */
  readonly commitId: string;
  readonly fromRevision: number;
  /** The last archived revision: a read from `toRevision + 1` on works. */
  readonly toRevision: number;
  readonly fromPosition: number;
  readonly toPosition: number;
  readonly commits: number;
  readonly events: number;
  /** The archive file (an absolute path when the CLI wrote it). */
  readonly file: string;
  /** SHA-256 (hex) of the whole archive file. */
  readonly sha256: string;
  readonly archivedAt: Date;
}

/** One run of a stream's commits to archive: contiguous revisions, in revision order. */
export interface ArchiveRun {
  readonly stream: string;
  readonly commits: readonly {
    readonly commitId: string;
    readonly revision: number;
    readonly lastRevision: number;
    readonly position: number;
    readonly events: number;
  }[];
  readonly file: string;
  readonly sha256: string;
}

/** What `restoreCommits` found (and, without `dryRun`, did). */
export interface RestoreCommitsResult {
  /** Commits put back (or, with `dryRun`, that would be). */
  readonly inserted: number;
  /** Commits already in the store, left alone. */
  readonly present: number;
  /**
   * The markers of the runs the missing commits belong to. A marker whose `commitId` is one of the commits
   * given stands in that commit's place: it goes back with `removeArchiveMarker` once the rest of its run
   * is back.
   */
  readonly markers: readonly ArchiveMarker[];
}

import type {
  ArchiveMarker,
  ArchiveRun,
  ReadAllRecordsResult,
  RestoreCommitsResult,
  StoredCommitRecord,
} from './archive/archive.types';
import type {
  AppendListener,
  AppendOptions,
  AppendResult,
  CommitParking,
  EventEnvelope,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ParkedCommit,
  ReadStreamOptions,
  ReadUndispatchedOptions,
  SequenceOptions,
  SequenceResult,
  Snapshot,
  StoredCommit,
  WaitForPositionOptions,
} from './event-store.types';

/**
 * The write side of event sourcing: append-only streams with optimistic concurrency, a global order for
 * replay (given after the append by the sequencer), snapshots, and the hooks the outbox relay needs.
 * Build one with `getMongoEventStore()` or inject it with `@InjectEventStore()`.
 */
export interface EventStore {
  /**
   * Appends events to a stream as one commit, atomically, after validating their data against the
   * registry. A retry carrying the same event ids returns the original result and stores nothing.
   * @throws InvalidEventError, UnknownEventTypeError before anything is stored
   * @throws CommitTooLargeError before anything is stored
   * @throws WrongExpectedRevisionError when the stream is not at the expected revision
   * @throws EventIdConflictError when an event id is already stored by a different append
   * @throws AppendContentionError when, with `any` or `streamExists`, concurrent appends to the same
   *   stream kept taking its next revision past the retry bound
   *
   * The commit has no global position yet: `readStream` sees it at once, `readAll` and the outbox once
   * the sequencer has given it one (`waitForPosition`).
   */
  append(stream: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;

  /**
   * Events of one stream, forwards or backwards from a revision, upcast to their current versions.
   * @throws HistoryArchivedError when the page would reach archived revisions (before it is full): read
   *   from after them (`archivedUpTo + 1`), or restore the archive
   */
  readStream(stream: string, options?: ReadStreamOptions): Promise<EventEnvelope[]>;

  /**
   * Sequenced commits across all streams in global position order, resumable from a checkpoint: a page
   * ends before the first position not visible yet, so a reader never skips a commit sequenced late.
   * @throws HistoryArchivedError at a position whose commit was archived, unless `archived: 'skip'`
   *   (a page with commits before it ends there, `isEnd: false`; the next read throws)
   */
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;

  /**
   * `readAll` of the commits as stored: the events' data and metadata as the JSON text the store wrote,
   * their schema versions as written. Decodes and upcasts nothing, so it needs no event types: for export
   * and archiving. Same paging, same `archived` option.
   */
  readAllRecords(options?: ReadAllOptions): Promise<ReadAllRecordsResult>;

  /**
   * The sequencer: gives one batch of appended commits their dense global positions (each stream's
   * commits in revision order). Run it in one process at a time (the outbox relay's lease holder does);
   * an overlap (a deposed holder) is safe, unique keys decide, but wasteful.
   */
  sequence(options?: SequenceOptions): Promise<SequenceResult>;

  /**
   * Resolves the commit's global position once the sequencer has given it one (read-your-writes across
   * `readAll`, projections, tests). Pass the `AppendResult`.
   * @throws PositionWaitTimeoutError after `timeoutMs` (no sequencer running, or far behind)
   */
  waitForPosition(
    commit: { readonly commitId: string; readonly stream: string },
    options?: WaitForPositionOptions,
  ): Promise<number>;

  /** The revision of the stream's last event, or `undefined` when the stream does not exist. */
  currentRevision(stream: string): Promise<number | undefined>;

  /**
   * Sequenced undispatched commits, oldest position first (outbox relay), parked ones included (with
   * `parked` set) so the relay can hold back the commits of their streams.
   */
  readUndispatched(options?: ReadUndispatchedOptions): Promise<StoredCommit[]>;

  /** Marks commits as published (outbox relay), in one bulk write. Idempotent. */
  markDispatched(commitIds: readonly string[]): Promise<void>;

  /** How many commits the outbox has not published yet (health and metrics); parked ones included. */
  countUndispatched(): Promise<number>;

  /**
   * Records that the outbox gave up publishing an undispatched commit for now, and why (outbox relay).
   * `parkedAt` is set by the store. The commit stays undispatched; a dispatched one is left alone.
   */
  parkCommit(commitId: string, parking: Omit<CommitParking, 'parkedAt'>): Promise<void>;

  /** Clears one commit's park so the outbox tries it again. False when no such commit was parked. */
  unparkCommit(commitId: string): Promise<boolean>;

  /** Clears every park; returns how many commits were parked. */
  unparkAll(): Promise<number>;

  /** The parked commits, oldest position first. */
  readParked(): Promise<ParkedCommit[]>;

  /**
   * Registers a listener called after each successful append in this process (before it is sequenced);
   * returns the unsubscribe function.
   */
  subscribeToAppends(listener: AppendListener): () => void;

  /**
   * Stores a snapshot as the latest of its stream and schema version, insert-only and safe with
   * concurrent writers. One not newer than the latest already stored adds nothing and is dropped.
   * @throws SnapshotContentionError when concurrent writers took the next place too often
   */
  saveSnapshot(snapshot: Omit<Snapshot, 'takenAt'>): Promise<void>;

  /**
   * The snapshot with the highest revision for a stream, of the given schema version when one is given
   * (snapshots of other versions are stale for that reader). With a version it costs a few look-ups by
   * `_id` however many snapshots the stream has; without one it looks through all of them.
   */
  readLatestSnapshot<S = unknown>(
    stream: string,
    options?: { schemaVersion?: number },
  ): Promise<Snapshot<S> | undefined>;

  /** The archive markers of a stream: its archived runs, ascending revisions. */
  readArchiveMarkers(stream: string): Promise<ArchiveMarker[]>;

  /**
   * Removes a run of a stream's commits (already in a verified archive file) and leaves a marker in the
   * place of its first commit, spanning its revisions. `archiveEvents` writes and verifies the file, then
   * calls this per stream. Only sequenced, dispatched, unparked commits; appends, snapshots, the sequencer
   * and the outbox carry on; reads that reach the run throw `HistoryArchivedError`.
   * @throws ArchiveConflictError when the store differs from the run given; nothing is changed then
   */
  archiveCommits(run: ArchiveRun): Promise<ArchiveMarker>;

  /**
   * Puts archived commits back (`restoreArchive`), byte for byte: commits already stored are left alone;
   * a run's first commit is not put back here (its marker holds the place) but by `removeArchiveMarker`.
   * With `dryRun`, only checks and counts.
   * @throws ArchiveConflictError when a commit is neither stored nor under a marker of its stream
   */
  restoreCommits(
    commits: readonly StoredCommitRecord[],
    options?: { dryRun?: boolean },
  ): Promise<RestoreCommitsResult>;

  /**
   * Replaces an archive marker by its run's first commit once the rest of the run is back; false when
   * there is no marker in its place.
   * @throws ArchiveConflictError when commits of the run are missing still
   */
  removeArchiveMarker(first: StoredCommitRecord): Promise<boolean>;

  /** Creates the collections' indexes (done lazily by the first call otherwise). */
  ensureIndexes(): Promise<void>;
}

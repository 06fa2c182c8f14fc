import type { ArchivedHistoryMode } from './archive/archive.types';

/**
 * Which stream state an append expects: `any` (no check), `noStream` (the stream must not exist),
 * `streamExists` (it must have at least one event) or the exact revision of its last event.
 */
export type ExpectedRevision = 'any' | 'noStream' | 'streamExists' | number;

/** Where an event came from and what it belongs to; every field is optional. */
export interface EventMetadata {
  /** Id shared by every event and message caused by one original request. */
  readonly correlationId?: string;
  /** Id of the event or command that directly caused this one. */
  readonly causationId?: string;
  /**
   * W3C trace context of the span that produced the event; an append without one stores the active
   * span's (the HTTP request's, the message handler's).
   */
  readonly traceparent?: string;
  /** Who did it (user id, service name). */
  readonly actor?: string;
  /** Tenant the event belongs to. */
  readonly tenant?: string;
}

/** An event to append: its contract type and data, optionally its id (for idempotent retries) and metadata. */
export interface NewEvent {
  readonly type: string;
  readonly data: object;
  /** A UUID; generated when omitted. Pass your own to make a retried append idempotent. */
  readonly eventId?: string;
  readonly metadata?: EventMetadata;
}

/** A stored event as it is read back, upcast to its type's current schema version. */
export interface EventEnvelope<D = Record<string, unknown>> {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: D;
  readonly metadata: EventMetadata;
  readonly stream: string;
  /** 0-based position of the event in its stream. */
  readonly revision: number;
  readonly committedAt: Date;
  /**
   * Global, dense, 1-based position of the event's commit across all streams, once the sequencer has
   * given it one; absent before (only `readStream` returns such events). See `EventStore.waitForPosition`.
   */
  readonly position?: number;
  /** Index of the event inside its commit: (position, indexInCommit) orders all events globally. */
  readonly indexInCommit: number;
}

/** An event of a sequenced commit (what `readAll` and the outbox see): its position is known. */
export interface SequencedEventEnvelope<D = Record<string, unknown>> extends EventEnvelope<D> {
  readonly position: number;
}

/** One sequenced append as stored: its events, contiguous revisions in one stream, one global position. */
export interface StoredCommit {
  /** The commit's id: the id of its first event. */
  readonly commitId: string;
  readonly stream: string;
  /** Revision of the commit's first event. */
  readonly revision: number;
  /** Revision of the commit's last event. */
  readonly lastRevision: number;
  readonly position: number;
  readonly committedAt: Date;
  /** Whether the outbox has published it. */
  readonly dispatched: boolean;
  /** Set while the outbox has given up on it (see `EventStore.parkCommit`). */
  readonly parked?: CommitParking;
  readonly events: readonly SequencedEventEnvelope[];
}

/** Why the outbox stopped publishing a commit: what the broker said, and when. */
export interface CommitParking {
  /** The last publish error, as a message. */
  readonly reason: string;
  /** The broker's AMQP reply code (404 no exchange, 403 access refused, 406 over a limit), when it gave one. */
  readonly replyCode?: number;
  /** The broker's reply text, e.g. `NOT_FOUND - no exchange 'x.events' in vhost '/'`. */
  readonly replyText?: string;
  /** Publish attempts made before it was parked. */
  readonly attempts: number;
  readonly parkedAt: Date;
}

/** A parked commit as listed for operators (its events are not read). */
export interface ParkedCommit extends Pick<
  StoredCommit,
  'commitId' | 'stream' | 'revision' | 'lastRevision' | 'position' | 'committedAt'
> {
  readonly parking: CommitParking;
}

export interface ReadUndispatchedOptions {
  /** @default DEFAULT_READ_LIMIT */
  readonly limit?: number;
  /** Streams to leave out: those the outbox knows are waiting behind a parked commit. */
  readonly excludeStreams?: readonly string[];
}

/**
 * What a successful append returns; a retried idempotent append returns the original values. It holds no
 * global position: the sequencer assigns that afterwards (`EventStore.waitForPosition(result)`).
 */
export interface AppendResult {
  readonly commitId: string;
  readonly stream: string;
  readonly firstRevision: number;
  /** The stream's revision after the append: pass it as the next `expectedRevision`. */
  readonly lastRevision: number;
  readonly eventIds: readonly string[];
  readonly committedAt: Date;
}

export interface AppendOptions {
  /** @default 'any' */
  readonly expectedRevision?: ExpectedRevision;
  /** Metadata merged under each event's own metadata (the event's fields win). */
  readonly metadata?: EventMetadata;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive). @default 0 forwards, the last revision backwards */
  readonly from?: number;
  /** @default 'forwards' */
  readonly direction?: 'forwards' | 'backwards';
  /** @default DEFAULT_READ_LIMIT */
  readonly limit?: number;
}

export interface ReadAllOptions {
  /** First commit position to read (inclusive), a checkpoint from `ReadAllResult.nextPosition`. @default 1 */
  readonly fromPosition?: number;
  /** Maximum number of commits. @default DEFAULT_READ_LIMIT */
  readonly limit?: number;
  /**
   * At a position whose commit was archived: `'throw'` a `HistoryArchivedError`, or `'skip'` it (the
   * page counts it in `archivedSkipped`). @default 'throw'
   */
  readonly archived?: ArchivedHistoryMode;
}

/** A page of commits in global order. Resume from `nextPosition`; `isEnd` is true when the page was short. */
export interface ReadAllResult {
  readonly commits: readonly StoredCommit[];
  /** The commits' events, flattened in global order. */
  readonly events: readonly SequencedEventEnvelope[];
  readonly nextPosition: number;
  readonly isEnd: boolean;
  /** Archived positions this page stepped over (with `archived: 'skip'`). */
  readonly archivedSkipped?: number;
}

/** A snapshot of one aggregate's state at a stream revision. */
export interface Snapshot<S = unknown> {
  readonly stream: string;
  /** The revision of the last event folded into the state. */
  readonly revision: number;
  /** Version of the state's shape; a snapshot with another version is stale and ignored. */
  readonly schemaVersion: number;
  readonly state: S;
  readonly takenAt: Date;
}

/**
 * Called after each successful append in this process (not for idempotent repeats), before the commit is
 * sequenced: it says that something is there to sequence and publish.
 */
export type AppendListener = (appended: AppendResult) => void;

export interface SequenceOptions {
  /** Most commits to sequence in this batch. @default DEFAULT_SEQUENCE_BATCH_SIZE */
  readonly limit?: number;
  /**
   * Forget what this sequencer knows and re-read it from the store first (the next free position,
   * claims a crashed batch left unstamped). Pass it after taking the lease. The first call always does.
   */
  readonly resync?: boolean;
  /**
   * Hands the batch over before its positions are stamped: the outbox relay's fast path, so a fresh
   * commit costs one write after its append (stamp and dispatched mark together), not two. Called with
   * the commits this batch claimed positions for, in position order, once the positions are claimed;
   * resolves the ids of those it published, and the stamp marks them dispatched. The others stay
   * undispatched. Not called for commits a crashed batch left claimed, nor for commits read only as a
   * stream's predecessors; `SequenceResult.handedOff` counts those that were. If it throws, the batch is
   * still stamped (nothing dispatched) and the error is rethrown.
   */
  readonly handOff?: (commits: readonly StoredCommit[]) => Promise<Iterable<string>>;
}

/** What one sequencer batch did. */
export interface SequenceResult {
  /** Commits that got their position in this batch (including ones a crashed batch had claimed). */
  readonly sequenced: number;
  /** True when no commit was left waiting at the time of the read: no need to call again right away. */
  readonly complete: boolean;
  /** Of them, how many were given to `handOff` (0 without one). */
  readonly handedOff: number;
}

export interface WaitForPositionOptions {
  /** @default DEFAULT_POSITION_WAIT_MS */
  readonly timeoutMs?: number;
}

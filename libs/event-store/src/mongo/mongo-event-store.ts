import { randomUUID } from 'node:crypto';
import { BSON, type Collection, type Db } from 'mongodb';
import type { EventRegistry } from '@switchyard/contracts';
import {
  DEFAULT_APPEND_BACKOFF_MS,
  DEFAULT_COMMITS_COLLECTION,
  DEFAULT_MAX_APPEND_ATTEMPTS,
  DEFAULT_MAX_COMMIT_BYTES,
  DEFAULT_READ_LIMIT,
  DEFAULT_SNAPSHOTS_COLLECTION,
  POSITION_BUCKET_SIZE,
} from '../event-store.constants';
import type { EventStore } from '../event-store';
import type {
  AppendListener,
  AppendOptions,
  AppendResult,
  EventEnvelope,
  EventMetadata,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  Snapshot,
  StoredCommit,
} from '../event-store.types';
import { isValidExpectedRevision, satisfiesExpectedRevision } from '../expected-revision';
import { AppendContentionError } from '../errors/append-contention.error';
import { CommitTooLargeError } from '../errors/commit-too-large.error';
import { EventIdConflictError } from '../errors/event-id-conflict.error';
import { InvalidAppendError } from '../errors/invalid-append.error';
import { WrongExpectedRevisionError } from '../errors/wrong-expected-revision.error';
import { toStoredCommit, type CommitDocument, type EventDocument } from './commit-document';
import { ensureCommitIndexes, ensureSnapshotIndexes } from './mongo-indexes';
import { PositionAllocator } from './position-allocator';
import type { SnapshotDocument } from './snapshot-document';

/** How many stream tips one store remembers before forgetting them all. */
const STREAM_TIP_CACHE_SIZE = 10_000;
/** Revisions probed at once when following a stream's tail by equality. */
const TAIL_WALK_BATCH = 16;
/** Beyond this many rounds the tail is long: a range query over the stream is cheaper. */
const TAIL_WALK_MAX_ROUNDS = 4;

/** Options of `getMongoEventStore`. */
export interface MongoEventStoreOptions {
  /** @default DEFAULT_COMMITS_COLLECTION ('commits') */
  readonly commitsCollection?: string;
  /** @default DEFAULT_SNAPSHOTS_COLLECTION ('snapshots') */
  readonly snapshotsCollection?: string;
  /** @default DEFAULT_MAX_COMMIT_BYTES (15 MiB) */
  readonly maxCommitBytes?: number;
  /** @default DEFAULT_MAX_APPEND_ATTEMPTS */
  readonly maxAppendAttempts?: number;
  /** Called when an append listener throws; listeners never fail an append. */
  readonly onListenerError?: (err: unknown) => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An `EventStore` on MongoDB or FerretDB. One append is one insert of one commit document, guarded by
 * unique indexes on `{stream, revision}` and `{position}` and by `_id` (the first event id): no
 * transactions, no change streams, no `$inc`. Indexes are created on first use.
 */
export function getMongoEventStore(
  db: Db,
  registry: EventRegistry,
  options: MongoEventStoreOptions = {},
): EventStore {
  return new MongoEventStore(db, registry, options);
}

class MongoEventStore implements EventStore {
  private readonly commits: Collection<CommitDocument>;
  private readonly snapshots: Collection<SnapshotDocument>;
  private readonly listeners = new Set<AppendListener>();
  private readonly maxCommitBytes: number;
  private readonly maxAttempts: number;
  private readonly positions: PositionAllocator;
  /** Last revision this process wrote per stream: a guess, always checked before use. */
  private readonly streamTips = new Map<string, number>();
  private indexes?: Promise<void>;

  constructor(
    db: Db,
    private readonly registry: EventRegistry,
    private readonly options: MongoEventStoreOptions,
  ) {
    this.commits = db.collection<CommitDocument>(options.commitsCollection ?? DEFAULT_COMMITS_COLLECTION);
    this.snapshots = db.collection<SnapshotDocument>(
      options.snapshotsCollection ?? DEFAULT_SNAPSHOTS_COLLECTION,
    );
    this.maxCommitBytes = options.maxCommitBytes ?? DEFAULT_MAX_COMMIT_BYTES;
    this.maxAttempts = options.maxAppendAttempts ?? DEFAULT_MAX_APPEND_ATTEMPTS;
    this.positions = new PositionAllocator(this.commits);
  }

  ensureIndexes(): Promise<void> {
    this.indexes ??= Promise.all([
      ensureCommitIndexes(this.commits),
      ensureSnapshotIndexes(this.snapshots),
    ]).then(
      () => undefined,
      (err: unknown) => {
        this.indexes = undefined;
        throw err;
      },
    );
    return this.indexes;
  }

  async append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    const prepared = this.prepare(stream, events, expected, options.metadata);
    await this.ensureIndexes();

    const commitId = prepared[0]!.eventId;
    // A guess of the stream's revision (-1: no stream) checked with equality look-ups before falling back
    // to a sorted read: the expected revision itself, or the revision this process last wrote.
    let guess: number | undefined =
      expected === 'noStream' ? -1 : typeof expected === 'number' ? expected : this.streamTips.get(stream);
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const actual = await this.streamRevision(stream, guess);
      guess = undefined;
      if (!satisfiesExpectedRevision(expected, actual)) {
        // A retry of an append that did succeed finds the stream moved on by its own events.
        const retried = await this.findRetried(stream, commitId, prepared);
        if (retried) return retried;
        throw new WrongExpectedRevisionError(stream, expected, actual);
      }
      const first = actual === undefined ? 0 : actual + 1;
      const outcome = await this.positions.exclusive(async () => {
        const doc: CommitDocument = {
          _id: commitId,
          stream,
          revision: first,
          lastRevision: first + prepared.length - 1,
          ...(await this.positions
            .next()
            .then((position) => ({ position, bucket: positionBucket(position) }))),
          events: prepared.map((e, i) => ({ ...e, revision: first + i })),
          committedAt: new Date(),
          dispatched: false,
        };
        try {
          await this.commits.insertOne(doc);
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          // Code 11000 alone: our _id (this very append is already stored: a retry), the stream revision
          // or the global position was taken. Tell which by reading, never by parsing the message.
          const retried = await this.findRetried(stream, commitId, prepared);
          if (retried) return retried;
          await this.positions.refresh();
          return undefined;
        }
        this.positions.taken(doc.position);
        this.rememberTip(stream, doc.lastRevision);
        this.notify(doc);
        return resultOf(doc);
      });
      if (outcome) return outcome;
      await backoff(attempt);
    }
    throw new AppendContentionError(stream, this.maxAttempts);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    const limit = positiveLimit(options.limit);
    const backwards = options.direction === 'backwards';
    const from = options.from;
    const filter = backwards
      ? { stream, ...(from === undefined ? {} : { revision: { $lte: from } }) }
      : { stream, lastRevision: { $gte: from ?? 0 } };
    // A short tail after a commit boundary (an aggregate after its snapshot) is found by equality.
    const walked =
      !backwards && from !== undefined && from > 0 ? await this.walkTail(stream, from, limit) : undefined;
    // Each commit holds at least one event, so `limit` commits always cover `limit` events.
    const docs =
      walked ??
      (await this.commits
        .find(filter)
        .sort({ revision: backwards ? -1 : 1 })
        .limit(limit)
        .toArray());
    const events = docs.flatMap((d) => {
      const inCommit = toStoredCommit(d, this.registry).events;
      return backwards ? [...inCommit].reverse() : inCommit;
    });
    const inRange = backwards
      ? events.filter((e) => from === undefined || e.revision <= from)
      : events.filter((e) => e.revision >= (from ?? 0));
    return inRange.slice(0, limit);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const fromPosition = options.fromPosition ?? 1;
    const limit = positiveLimit(options.limit);
    // Positions are dense, so the page lies in known buckets: equality look-ups on `bucket` (FerretDB
    // pushes equality down to PostgreSQL, but not a range or a sort).
    const firstBucket = positionBucket(fromPosition);
    const lastBucket = positionBucket(fromPosition + limit - 1);
    const buckets = Array.from({ length: lastBucket - firstBucket + 1 }, (_, i) => firstBucket + i);
    const found = await Promise.all(buckets.map((bucket) => this.commits.find({ bucket }).toArray()));
    const docs = found
      .flat()
      .filter((d) => d.position >= fromPosition && d.position < fromPosition + limit)
      .sort((a, b) => a.position - b.position);
    // Stop at the first gap: a position not yet visible must not be skipped by a resuming reader.
    const dense = docs.filter((d, i) => d.position === fromPosition + i);
    const commits = dense.map((d) => toStoredCommit(d, this.registry));
    return {
      commits,
      events: commits.flatMap((c) => c.events),
      nextPosition: commits.length > 0 ? commits[commits.length - 1]!.position + 1 : fromPosition,
      isEnd: commits.length < limit,
    };
  }

  async currentRevision(stream: string): Promise<number | undefined> {
    const last = await this.commits
      .find({ stream }, { projection: { lastRevision: 1 } })
      .sort({ revision: -1 })
      .limit(1)
      .next();
    return last ? last.lastRevision : undefined;
  }

  async readUndispatched(options: { limit?: number } = {}): Promise<StoredCommit[]> {
    const docs = await this.commits
      .find({ dispatched: false })
      .sort({ position: 1 })
      .limit(positiveLimit(options.limit))
      .toArray();
    return docs.map((d) => toStoredCommit(d, this.registry));
  }

  async markDispatched(commitId: string): Promise<void> {
    await this.commits.updateOne({ _id: commitId }, { $set: { dispatched: true } });
  }

  countUndispatched(): Promise<number> {
    return this.commits.countDocuments({ dispatched: false });
  }

  subscribeToAppends(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async saveSnapshot(snapshot: Omit<Snapshot, 'takenAt'>): Promise<void> {
    await this.ensureIndexes();
    try {
      await this.snapshots.insertOne({
        _id: `${snapshot.stream}@${snapshot.revision}#v${snapshot.schemaVersion}`,
        stream: snapshot.stream,
        revision: snapshot.revision,
        schemaVersion: snapshot.schemaVersion,
        state: JSON.stringify(snapshot.state),
        takenAt: new Date(),
      });
    } catch (err) {
      // Snapshots are insert-only: one already taken at this revision and version holds the same state.
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async readLatestSnapshot<S = unknown>(
    stream: string,
    options: { schemaVersion?: number } = {},
  ): Promise<Snapshot<S> | undefined> {
    const filter =
      options.schemaVersion === undefined ? { stream } : { stream, schemaVersion: options.schemaVersion };
    const doc = await this.snapshots.find(filter).sort({ revision: -1 }).limit(1).next();
    if (!doc) return undefined;
    return {
      stream: doc.stream,
      revision: doc.revision,
      schemaVersion: doc.schemaVersion,
      state: JSON.parse(doc.state) as S,
      takenAt: doc.takenAt,
    };
  }

  /** Validates and serialises the events; every failure here happens before the database is touched. */
  private prepare(
    stream: string,
    events: readonly NewEvent[],
    expected: unknown,
    shared: EventMetadata | undefined,
  ): Omit<EventDocument, 'revision'>[] {
    if (typeof stream !== 'string' || stream.length === 0)
      throw new InvalidAppendError(String(stream), 'empty stream');
    if (events.length === 0) throw new InvalidAppendError(stream, 'no events');
    if (!isValidExpectedRevision(expected)) {
      throw new InvalidAppendError(stream, `expected revision ${String(expected)} is not valid`);
    }
    const prepared = events.map((e) => {
      const schemaVersion = this.registry.currentVersion(e.type);
      this.registry.validate(e.type, schemaVersion, e.data);
      const eventId = e.eventId ?? randomUUID();
      if (!UUID.test(eventId)) throw new InvalidAppendError(stream, `event id "${eventId}" is not a UUID`);
      return {
        eventId,
        type: e.type,
        schemaVersion,
        data: JSON.stringify(e.data),
        metadata: JSON.stringify({ ...shared, ...e.metadata }),
      };
    });
    const ids = new Set(prepared.map((e) => e.eventId));
    if (ids.size !== prepared.length) throw new InvalidAppendError(stream, 'an event id appears twice');

    const skeleton: CommitDocument = {
      _id: prepared[0]!.eventId,
      stream,
      revision: Number.MAX_SAFE_INTEGER,
      lastRevision: Number.MAX_SAFE_INTEGER,
      position: Number.MAX_SAFE_INTEGER,
      bucket: Number.MAX_SAFE_INTEGER,
      events: prepared.map((e) => ({ ...e, revision: Number.MAX_SAFE_INTEGER })),
      committedAt: new Date(),
      dispatched: false,
    };
    const size = BSON.calculateObjectSize(skeleton);
    if (size > this.maxCommitBytes)
      throw new CommitTooLargeError(stream, size, this.maxCommitBytes, prepared.length);
    return prepared;
  }

  /**
   * The original result when this commit (its `_id` is the first event id) is already stored with the same
   * events in the same stream (a retry); `undefined` when it is not stored; `EventIdConflictError` when
   * that id belongs to a different append.
   */
  private async findRetried(
    stream: string,
    commitId: string,
    prepared: readonly Omit<EventDocument, 'revision'>[],
  ): Promise<AppendResult | undefined> {
    const existing = await this.commits.findOne({ _id: commitId });
    if (!existing) return undefined;
    const ids = prepared.map((e) => e.eventId);
    const storedIds = existing.events.map((e) => e.eventId);
    const same =
      existing.stream === stream &&
      storedIds.length === ids.length &&
      storedIds.every((id, i) => id === ids[i]);
    if (!same) {
      throw new EventIdConflictError(
        stream,
        ids.filter((id) => storedIds.includes(id)),
        existing._id,
        existing.stream,
      );
    }
    return resultOf(existing);
  }

  /**
   * The stream's revision. A guess (-1: no stream) is confirmed with two equality look-ups (a commit ends
   * at it, none starts after it), which stay fast on FerretDB; otherwise the last commit is read sorted.
   */
  private async streamRevision(stream: string, guess: number | undefined): Promise<number | undefined> {
    if (guess !== undefined) {
      const [endsAtGuess, startsAfter] = await Promise.all([
        guess < 0
          ? Promise.resolve(true)
          : this.commits.findOne({ stream, lastRevision: guess }, { projection: { _id: 1 } }),
        this.commits.findOne({ stream, revision: guess + 1 }, { projection: { _id: 1 } }),
      ]);
      if (endsAtGuess && !startsAfter) return guess < 0 ? undefined : guess;
    }
    return this.currentRevision(stream);
  }

  /**
   * The commits from revision `from` on, when `from` starts a commit and the tail is short: each commit
   * starts right after the previous one ends, so the chain is followed with equality look-ups on
   * `{stream, revision}`, TAIL_WALK_BATCH candidates at a time. FerretDB answers those from PostgreSQL
   * without decoding the whole stream, which a range query makes it do. `undefined`: use a range query.
   */
  private async walkTail(stream: string, from: number, limit: number): Promise<CommitDocument[] | undefined> {
    const found: CommitDocument[] = [];
    let next = from;
    let events = 0;
    for (let round = 0; round < TAIL_WALK_MAX_ROUNDS; round++) {
      const base = next;
      const batch = await Promise.all(
        Array.from({ length: TAIL_WALK_BATCH }, (_, i) =>
          this.commits.findOne({ stream, revision: base + i }),
        ),
      );
      const byRevision = new Map(
        batch.filter((d): d is CommitDocument => d !== null).map((d) => [d.revision, d]),
      );
      if (round === 0 && !byRevision.has(from)) {
        // Nothing starts at `from`: the stream ends right before it, or `from` is inside a commit.
        const endsBefore = await this.commits.findOne(
          { stream, lastRevision: from - 1 },
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

  private rememberTip(stream: string, revision: number): void {
    if (this.streamTips.size >= STREAM_TIP_CACHE_SIZE) this.streamTips.clear();
    this.streamTips.set(stream, revision);
  }

  private notify(doc: CommitDocument): void {
    if (this.listeners.size === 0) return;
    let commit: StoredCommit;
    try {
      commit = toStoredCommit(doc, this.registry);
    } catch (err) {
      this.options.onListenerError?.(err);
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(commit);
      } catch (err) {
        this.options.onListenerError?.(err);
      }
    }
  }
}

/** Which bucket of `POSITION_BUCKET_SIZE` consecutive positions a position falls in. */
function positionBucket(position: number): number {
  return Math.floor(position / POSITION_BUCKET_SIZE);
}

function resultOf(doc: CommitDocument): AppendResult {
  return {
    commitId: doc._id,
    stream: doc.stream,
    firstRevision: doc.revision,
    lastRevision: doc.lastRevision,
    position: doc.position,
    eventIds: doc.events.map((e) => e.eventId),
    committedAt: doc.committedAt,
  };
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

function positiveLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_READ_LIMIT;
  return Math.max(1, Math.floor(limit));
}

/** A short random back-off, growing with the attempt, so racing writers spread out. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(DEFAULT_APPEND_BACKOFF_MS * attempt, 100);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

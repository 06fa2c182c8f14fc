import type { Collection, Db } from 'mongodb';
import type { EventRegistry } from '@switchyard/contracts';
import {
  DEFAULT_COMMITS_COLLECTION,
  DEFAULT_MAX_APPEND_ATTEMPTS,
  DEFAULT_MAX_COMMIT_BYTES,
  DEFAULT_SNAPSHOTS_COLLECTION,
} from '../event-store.constants';
import type { EventStore } from '../event-store';
import type {
  AppendListener,
  AppendOptions,
  AppendResult,
  CommitParking,
  EventEnvelope,
  NewEvent,
  ParkedCommit,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  ReadUndispatchedOptions,
  Snapshot,
  StoredCommit,
} from '../event-store.types';
import { satisfiesExpectedRevision } from '../expected-revision';
import { AppendContentionError } from '../errors/append-contention.error';
import { WrongExpectedRevisionError } from '../errors/wrong-expected-revision.error';
import { backoff } from './append-backoff';
import { toAppendResult, toStoredCommit, type CommitDocument } from './commit-document';
import * as parking from './commit-parking';
import { isDuplicateKey } from './duplicate-key';
import { ensureCommitIndexes, ensureSnapshotIndexes } from './mongo-indexes';
import { PositionAllocator } from './position-allocator';
import { positionBucket } from './position-bucket';
import { prepareEvents } from './prepare-events';
import { positiveLimit } from './read-limit';
import { findRetried } from './retried-append';
import { findChainHead, saveToChain } from './snapshot-chain';
import {
  toSnapshot,
  type SnapshotCollections,
  type SnapshotDocument,
  type SnapshotHeadDocument,
} from './snapshot-document';
import { scanSnapshots } from './snapshot-scan';
import { revisionBucket } from './revision-bucket';
import { readCurrentRevision, streamRevision } from './stream-revision';
import { readTail } from './tail-walk';

/** How many stream tips one store remembers before forgetting them all. */
const STREAM_TIP_CACHE_SIZE = 10_000;

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
  private readonly snapshotCollections: SnapshotCollections;
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
    const snapshotsName = options.snapshotsCollection ?? DEFAULT_SNAPSHOTS_COLLECTION;
    this.snapshotCollections = {
      snapshots: db.collection<SnapshotDocument>(snapshotsName),
      heads: db.collection<SnapshotHeadDocument>(snapshotsName),
    };
    this.maxCommitBytes = options.maxCommitBytes ?? DEFAULT_MAX_COMMIT_BYTES;
    this.maxAttempts = options.maxAppendAttempts ?? DEFAULT_MAX_APPEND_ATTEMPTS;
    this.positions = new PositionAllocator(this.commits);
  }

  ensureIndexes(): Promise<void> {
    this.indexes ??= Promise.all([
      ensureCommitIndexes(this.commits),
      ensureSnapshotIndexes(this.snapshotCollections.snapshots),
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
    const prepared = prepareEvents(
      this.registry,
      this.maxCommitBytes,
      stream,
      events,
      expected,
      options.metadata,
    );
    await this.ensureIndexes();

    const commitId = prepared[0]!.eventId;
    // A guess of the stream's revision (-1: no stream) checked with equality look-ups before falling back
    // to a sorted read: the expected revision itself, or the revision this process last wrote.
    let guess: number | undefined =
      expected === 'noStream' ? -1 : typeof expected === 'number' ? expected : this.streamTips.get(stream);
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const actual = await streamRevision(this.commits, stream, guess);
      guess = undefined;
      if (!satisfiesExpectedRevision(expected, actual)) {
        // A retry of an append that did succeed finds the stream moved on by its own events.
        const retried = await findRetried(this.commits, stream, commitId, prepared);
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
          revisionBucket: revisionBucket(first),
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
          const retried = await findRetried(this.commits, stream, commitId, prepared);
          if (retried) return retried;
          await this.positions.refresh();
          return undefined;
        }
        this.positions.taken(doc.position);
        this.rememberTip(stream, doc.lastRevision);
        this.notify(doc);
        return toAppendResult(doc);
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
    // A short tail (an aggregate's after its snapshot) is found by equality look-ups.
    const walked =
      !backwards && from !== undefined && from > 0
        ? await readTail(this.commits, stream, from, limit)
        : undefined;
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

  currentRevision(stream: string): Promise<number | undefined> {
    return readCurrentRevision(this.commits, stream);
  }

  async readUndispatched(options: ReadUndispatchedOptions = {}): Promise<StoredCommit[]> {
    const excluded = options.excludeStreams ?? [];
    // `dispatched` is the equality FerretDB pushes down; the stream exclusion is filtered beside the sort.
    const filter =
      excluded.length > 0 ? { dispatched: false, stream: { $nin: [...excluded] } } : { dispatched: false };
    const docs = await this.commits
      .find(filter)
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

  parkCommit(commitId: string, reason: Omit<CommitParking, 'parkedAt'>): Promise<void> {
    return parking.parkCommit(this.commits, commitId, reason);
  }

  unparkCommit(commitId: string): Promise<boolean> {
    return parking.unparkCommit(this.commits, commitId);
  }

  unparkAll(): Promise<number> {
    return parking.unparkAll(this.commits);
  }

  readParked(): Promise<ParkedCommit[]> {
    return parking.readParked(this.commits);
  }

  subscribeToAppends(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async saveSnapshot(snapshot: Omit<Snapshot, 'takenAt'>): Promise<void> {
    await this.ensureIndexes();
    await saveToChain(this.snapshotCollections, snapshot);
  }

  async readLatestSnapshot<S = unknown>(
    stream: string,
    options: { schemaVersion?: number } = {},
  ): Promise<Snapshot<S> | undefined> {
    // Every schema version has its own chain; "any version" has no chain to follow, so it scans.
    const { latest } =
      options.schemaVersion === undefined
        ? await scanSnapshots(this.snapshotCollections.snapshots, stream)
        : await findChainHead(this.snapshotCollections, stream, options.schemaVersion);
    return latest ? toSnapshot<S>(latest) : undefined;
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

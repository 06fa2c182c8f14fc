import type { Collection, Db } from 'mongodb';
import type { EventRegistry } from '@switchyard/contracts';
import {
  DEFAULT_COMMITS_COLLECTION,
  DEFAULT_MAX_APPEND_ATTEMPTS,
  DEFAULT_MAX_COMMIT_BYTES,
  DEFAULT_MAX_UPDATES_PER_COMMAND,
  DEFAULT_UPDATE_LANES,
  DEFAULT_POSITION_WAIT_MS,
  DEFAULT_POSITIONS_COLLECTION,
  DEFAULT_SEQUENCE_BATCH_SIZE,
  DEFAULT_SNAPSHOTS_COLLECTION,
} from '../event-store.constants';
import type { EventStore } from '../event-store';
import type {
  ArchiveMarker,
  ArchiveRun,
  ReadAllRecordsResult,
  RestoreCommitsResult,
  StoredCommitRecord,
} from '../archive/archive.types';
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
  SequenceOptions,
  SequenceResult,
  Snapshot,
  StoredCommit,
  WaitForPositionOptions,
} from '../event-store.types';
import { satisfiesExpectedRevision } from '../expected-revision';
import { AppendContentionError } from '../errors/append-contention.error';
import { WrongExpectedRevisionError } from '../errors/wrong-expected-revision.error';
import { CommitSequencer, type SequencerHooks } from '../sequencing/commit-sequencer';
import { backoff } from './append-backoff';
import { toAppendResult, toStoredCommit, type CommitDocument } from './commit-document';
import type { BulkWriteShape } from './chunked-bulk-write';
import * as dispatch from './commit-dispatch';
import * as parking from './commit-parking';
import { isDuplicateKeyError as isDuplicateKey } from '@switchyard/mongodb';
import { ensureClaimIndexes, ensureCommitIndexes, ensureSnapshotIndexes } from './mongo-indexes';
import { MongoSequencerStore } from './mongo-sequencer-store';
import type { PositionClaimDocument } from './position-claim-document';
import { positionBucket } from './position-bucket';
import { PositionWaiters } from './position-waiters';
import { prepareEvents } from './prepare-events';
import { positiveLimit } from './read-limit';
import { readAllPage, toReadAllRecordsResult, toReadAllResult } from './read-all-page';
import { archiveRun, removeMarker, restoreRun, type ArchiveStorage } from './archive-commits';
import { ArchivedPositions } from './archived-positions';
import { mongoArchiveStorage } from './mongo-archive-storage';
import { streamPage } from './stream-page';
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
  /** The sequencer's position claims. @default DEFAULT_POSITIONS_COLLECTION ('commit_positions') */
  readonly positionsCollection?: string;
  /** @default DEFAULT_MAX_COMMIT_BYTES (15 MiB) */
  readonly maxCommitBytes?: number;
  /** @default DEFAULT_MAX_APPEND_ATTEMPTS */
  readonly maxAppendAttempts?: number;
  /** Called when an append listener throws; listeners never fail an append. */
  readonly onListenerError?: (err: unknown) => void;
  /**
   * Most update statements per bulk-write command (stamps, dispatched marks); keep it small on FerretDB.
   * @default DEFAULT_MAX_UPDATES_PER_COMMAND
   */
  readonly maxUpdatesPerCommand?: number;
  /** Bulk-write commands in flight at once for one batch's updates. @default DEFAULT_UPDATE_LANES */
  readonly updateLanes?: number;
  /** Test hooks into the sequencer (crash tests). */
  readonly sequencerHooks?: SequencerHooks;
}

/**
 * An `EventStore` on MongoDB or FerretDB. One append is one insert of one commit document, guarded by the
 * unique `{stream, revision}` index and by `_id` (the first event id); the global position is given
 * afterwards by the sequencer (`sequence()`). No transactions, no change streams, no `$inc`. Indexes are
 * created on first use.
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
  private readonly claims: Collection<PositionClaimDocument>;
  private readonly listeners = new Set<AppendListener>();
  private readonly maxCommitBytes: number;
  private readonly maxAttempts: number;
  private readonly updates: BulkWriteShape;
  private readonly sequencer: CommitSequencer;
  private readonly waiters: PositionWaiters;
  private readonly archived: ArchivedPositions;
  private readonly archiveStorage: ArchiveStorage;
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
    this.claims = db.collection<PositionClaimDocument>(
      options.positionsCollection ?? DEFAULT_POSITIONS_COLLECTION,
    );
    this.updates = {
      perCommand: Math.max(1, options.maxUpdatesPerCommand ?? DEFAULT_MAX_UPDATES_PER_COMMAND),
      lanes: Math.max(1, options.updateLanes ?? DEFAULT_UPDATE_LANES),
    };
    this.waiters = new PositionWaiters(this.commits);
    this.archived = new ArchivedPositions(this.commits, this.claims);
    this.archiveStorage = mongoArchiveStorage(this.commits, this.claims, this.archived);
    this.sequencer = new CommitSequencer(
      new MongoSequencerStore(this.commits, this.claims, this.updates, this.archived),
      options.sequencerHooks,
      (claims) => this.waiters.stamped(claims),
    );
  }

  ensureIndexes(): Promise<void> {
    this.indexes ??= Promise.all([
      ensureCommitIndexes(this.commits),
      ensureClaimIndexes(this.claims),
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
    // A guess of the stream's revision (-1: no stream), which the insert checks (see streamRevision): the
    // expected revision itself, or the revision this process last wrote.
    const tip = this.streamTips.get(stream);
    let guess: { revision: number; exists: boolean } | undefined =
      expected === 'noStream'
        ? { revision: -1, exists: false }
        : typeof expected === 'number'
          ? { revision: expected, exists: tip === expected }
          : tip === undefined
            ? undefined
            : { revision: tip, exists: true };
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const { revision: actual, source } = await streamRevision(this.commits, stream, guess);
      guess = undefined;
      if (!satisfiesExpectedRevision(expected, actual)) {
        // A retry of an append that did succeed finds the stream moved on by its own events.
        const retried = await findRetried(this.commits, stream, commitId, prepared);
        if (retried) return retried;
        throw new WrongExpectedRevisionError(stream, expected, actual);
      }
      const first = actual === undefined ? 0 : actual + 1;
      const doc: CommitDocument = {
        _id: commitId,
        stream,
        revision: first,
        lastRevision: first + prepared.length - 1,
        revisionBucket: revisionBucket(first),
        events: prepared.map((e, i) => ({ ...e, revision: first + i })),
        committedAt: new Date(),
        dispatched: false,
        sequenced: false,
      };
      try {
        await this.commits.insertOne(doc);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Code 11000 alone: our _id (this very append is already stored: a retry) or the stream's next
        // revision was taken. Tell which by reading, never by parsing the message.
        const retried = await findRetried(this.commits, stream, commitId, prepared);
        if (retried) return retried;
        // A wrong guess costs no attempt: read the stream at once. A read revision taken meanwhile is a
        // racing writer: back off.
        if (source === 'guess') attempt--;
        else await backoff(attempt);
        continue;
      }
      this.rememberTip(stream, doc.lastRevision);
      const result = toAppendResult(doc);
      this.notify(result);
      return result;
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
    return streamPage(docs, this.registry, from, limit, backwards);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    return toReadAllResult(await readAllPage(this.commits, this.archived, options), this.registry);
  }

  async readAllRecords(options: ReadAllOptions = {}): Promise<ReadAllRecordsResult> {
    return toReadAllRecordsResult(await readAllPage(this.commits, this.archived, options));
  }

  readArchiveMarkers(stream: string): Promise<ArchiveMarker[]> {
    return this.archived.read(stream);
  }

  async archiveCommits(run: ArchiveRun): Promise<ArchiveMarker> {
    await this.ensureIndexes();
    return archiveRun(this.archiveStorage, run);
  }

  async restoreCommits(
    commits: readonly StoredCommitRecord[],
    options: { dryRun?: boolean } = {},
  ): Promise<RestoreCommitsResult> {
    await this.ensureIndexes();
    return restoreRun(this.archiveStorage, commits, options.dryRun ?? false);
  }

  removeArchiveMarker(first: StoredCommitRecord): Promise<boolean> {
    return removeMarker(this.archiveStorage, first);
  }

  currentRevision(stream: string): Promise<number | undefined> {
    return readCurrentRevision(this.commits, stream);
  }

  readUndispatched(options: ReadUndispatchedOptions = {}): Promise<StoredCommit[]> {
    return dispatch.readUndispatched(this.commits, this.registry, options);
  }

  markDispatched(commitIds: readonly string[]): Promise<void> {
    return dispatch.markDispatched(this.commits, commitIds, this.updates);
  }

  async sequence(options: SequenceOptions = {}): Promise<SequenceResult> {
    await this.ensureIndexes();
    const handOff = options.handOff;
    return this.sequencer.sequence(
      positiveLimit(options.limit ?? DEFAULT_SEQUENCE_BATCH_SIZE),
      options.resync ?? false,
      handOff &&
        ((handed) =>
          handOff(
            handed.map(({ claim, pending }) =>
              toStoredCommit(
                {
                  ...(pending.document as CommitDocument),
                  position: claim.position,
                  bucket: positionBucket(claim.position),
                  sequenced: true,
                },
                this.registry,
              ),
            ),
          )),
    );
  }

  waitForPosition(
    commit: { readonly commitId: string; readonly stream: string },
    options: WaitForPositionOptions = {},
  ): Promise<number> {
    return this.waiters.wait(commit, options.timeoutMs ?? DEFAULT_POSITION_WAIT_MS);
  }

  countUndispatched(): Promise<number> {
    return dispatch.countUndispatched(this.commits);
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

  private notify(appended: AppendResult): void {
    for (const listener of this.listeners) {
      try {
        listener(appended);
      } catch (err) {
        this.options.onListenerError?.(err);
      }
    }
  }
}

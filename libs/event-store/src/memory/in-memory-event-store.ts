import type { EventRegistry } from '@switchyard/contracts';
import type {
  ArchiveMarker,
  ArchiveRun,
  ReadAllRecordsResult,
  RestoreCommitsResult,
  StoredCommitRecord,
} from '../archive/archive.types';
import type { EventStore } from '../event-store';
import { DEFAULT_MAX_COMMIT_BYTES, DEFAULT_POSITION_WAIT_MS } from '../event-store.constants';
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
} from '../event-store.types';
import { PositionWaitTimeoutError } from '../errors/position-wait-timeout.error';
import { WrongExpectedRevisionError } from '../errors/wrong-expected-revision.error';
import { satisfiesExpectedRevision } from '../expected-revision';
import { archiveRun, removeMarker, restoreRun } from '../mongo/archive-commits';
import { isSequenced, toAppendResult, toStoredCommit, type CommitDocument } from '../mongo/commit-document';
import { toParkedCommit } from '../mongo/commit-parking';
import { prepareEvents } from '../mongo/prepare-events';
import { positiveLimit } from '../mongo/read-limit';
import { retriedResult } from '../mongo/retried-append';
import { revisionBucket } from '../mongo/revision-bucket';
import { streamPage } from '../mongo/stream-page';
import { toReadAllRecordsResult, toReadAllResult } from '../mongo/read-all-page';
import { readAllRun } from '../sequencing/read-all-run';
import { InMemoryCommits } from './in-memory-commits';

/** Options of {@link getInMemoryEventStore}. */
export interface InMemoryEventStoreOptions {
  /**
   * Give each commit its global position as it is appended, as if a sequencer ran at once (so `readAll`
   * and `waitForPosition` see it right away). `false`: commits wait for `sequence()`, as in MongoDB.
   * @default true
   */
  readonly sequenceOnAppend?: boolean;
  /** @default DEFAULT_MAX_COMMIT_BYTES */
  readonly maxCommitBytes?: number;
}

/**
 * An `EventStore` in memory, for unit tests of command services and aggregates without I/O. It
 * validates events against the registry and enforces expected revisions, idempotent retries and
 * event-id conflicts exactly as the MongoDB store does (it shares their code), and keeps snapshots,
 * outbox state, parking and archived history (markers, `HistoryArchivedError`); it is not durable and
 * not shared between processes.
 */
export function getInMemoryEventStore(
  registry: EventRegistry,
  options: InMemoryEventStoreOptions = {},
): EventStore {
  return new InMemoryEventStore(registry, options);
}

class InMemoryEventStore implements EventStore {
  private readonly commits = new InMemoryCommits();
  private readonly snapshots = new Map<string, Snapshot[]>();
  private readonly listeners = new Set<AppendListener>();

  constructor(
    private readonly registry: EventRegistry,
    private readonly options: InMemoryEventStoreOptions,
  ) {}

  async append(
    stream: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    const prepared = prepareEvents(
      this.registry,
      this.options.maxCommitBytes ?? DEFAULT_MAX_COMMIT_BYTES,
      stream,
      events,
      expected,
      options.metadata,
    );
    const commitId = prepared[0]!.eventId;
    const existing = this.commits.get(commitId);
    if (existing) return retriedResult(existing, stream, prepared);
    const actual = this.commits.stream(stream).at(-1)?.lastRevision;
    if (!satisfiesExpectedRevision(expected, actual))
      throw new WrongExpectedRevisionError(stream, expected, actual);
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
    this.commits.add(doc);
    if (this.options.sequenceOnAppend ?? true) this.commits.stamp(doc);
    const result = toAppendResult(doc);
    for (const listener of this.listeners) {
      try {
        listener(result);
      } catch {
        // listeners never fail an append
      }
    }
    return result;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    const from = options.from;
    const docs = this.commits.stream(stream);
    const backwards = options.direction === 'backwards';
    const inRead = backwards
      ? docs.filter((d) => from === undefined || d.revision <= from).reverse()
      : docs.filter((d) => d.lastRevision >= (from ?? 0));
    return streamPage(inRead, this.registry, from, positiveLimit(options.limit), backwards);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    return toReadAllResult(await this.readAllRun(options), this.registry);
  }

  async readAllRecords(options: ReadAllOptions = {}): Promise<ReadAllRecordsResult> {
    return toReadAllRecordsResult(await this.readAllRun(options));
  }

  async sequence(options: SequenceOptions = {}): Promise<SequenceResult> {
    const limit = positiveLimit(options.limit);
    const pending = this.commits
      .all()
      .filter((d) => d.sequenced === false)
      .slice(0, limit);
    pending.forEach((d) => this.commits.stamp(d));
    let handedOff = 0;
    if (options.handOff && pending.length > 0) {
      handedOff = pending.length;
      const published = new Set(
        await options.handOff(pending.filter(isSequenced).map((d) => toStoredCommit(d, this.registry))),
      );
      for (const d of pending) if (published.has(d._id)) d.dispatched = true;
    }
    const complete = this.commits.all().every((d) => d.sequenced !== false);
    return { sequenced: pending.length, complete, handedOff };
  }

  async waitForPosition(
    commit: { readonly commitId: string; readonly stream: string },
    options: { timeoutMs?: number } = {},
  ): Promise<number> {
    const doc = this.commits.get(commit.commitId);
    if (doc?.position !== undefined) return doc.position;
    throw new PositionWaitTimeoutError(
      commit.commitId,
      commit.stream,
      options.timeoutMs ?? DEFAULT_POSITION_WAIT_MS,
    );
  }

  async currentRevision(stream: string): Promise<number | undefined> {
    return this.commits.stream(stream).at(-1)?.lastRevision;
  }

  async readUndispatched(options: ReadUndispatchedOptions = {}): Promise<StoredCommit[]> {
    const excluded = new Set(options.excludeStreams ?? []);
    return this.commits
      .sequenced()
      .filter((d) => !d.dispatched && !excluded.has(d.stream))
      .slice(0, positiveLimit(options.limit))
      .map((d) => toStoredCommit(d, this.registry));
  }

  async markDispatched(commitIds: readonly string[]): Promise<void> {
    for (const id of commitIds) {
      const doc = this.commits.get(id);
      if (doc) doc.dispatched = true;
    }
  }

  async countUndispatched(): Promise<number> {
    return this.commits.all().filter((d) => !d.dispatched).length;
  }

  async parkCommit(commitId: string, parking: Omit<CommitParking, 'parkedAt'>): Promise<void> {
    const doc = this.commits.get(commitId);
    if (doc && !doc.dispatched) {
      doc.parked = true;
      doc.park = { ...parking, parkedAt: new Date() };
    }
  }

  async unparkCommit(commitId: string): Promise<boolean> {
    const doc = this.commits.get(commitId);
    if (!doc?.parked) return false;
    delete doc.parked;
    delete doc.park;
    return true;
  }

  async unparkAll(): Promise<number> {
    let n = 0;
    for (const d of [...this.commits.all()]) if (await this.unparkCommit(d._id)) n++;
    return n;
  }

  async readParked(): Promise<ParkedCommit[]> {
    return this.commits.sequenced().flatMap(toParkedCommit);
  }

  subscribeToAppends(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async saveSnapshot(snapshot: Omit<Snapshot, 'takenAt'>): Promise<void> {
    const list = this.snapshots.get(snapshot.stream) ?? [];
    if (list.some((s) => s.schemaVersion === snapshot.schemaVersion && s.revision === snapshot.revision))
      return;
    list.push({ ...snapshot, state: structuredClone(snapshot.state), takenAt: new Date() });
    this.snapshots.set(snapshot.stream, list);
  }

  async readLatestSnapshot<S = unknown>(
    stream: string,
    options: { schemaVersion?: number } = {},
  ): Promise<Snapshot<S> | undefined> {
    const candidates = (this.snapshots.get(stream) ?? []).filter(
      (s) => options.schemaVersion === undefined || s.schemaVersion === options.schemaVersion,
    );
    const latest = candidates.reduce<Snapshot | undefined>(
      (best, s) => (best === undefined || s.revision > best.revision ? s : best),
      undefined,
    );
    return latest && ({ ...latest, state: structuredClone(latest.state) } as Snapshot<S>);
  }

  async readArchiveMarkers(stream: string): Promise<ArchiveMarker[]> {
    return this.commits.markers(stream);
  }

  archiveCommits(run: ArchiveRun): Promise<ArchiveMarker> {
    return archiveRun(this.commits.archiveStorage(), run);
  }

  restoreCommits(
    commits: readonly StoredCommitRecord[],
    options: { dryRun?: boolean } = {},
  ): Promise<RestoreCommitsResult> {
    return restoreRun(this.commits.archiveStorage(), commits, options.dryRun ?? false);
  }

  removeArchiveMarker(first: StoredCommitRecord): Promise<boolean> {
    return removeMarker(this.commits.archiveStorage(), first);
  }

  async ensureIndexes(): Promise<void> {}

  private readAllRun(options: ReadAllOptions) {
    return readAllRun(
      this.commits.readAllPort(),
      Math.max(1, options.fromPosition ?? 1),
      positiveLimit(options.limit),
      options.archived ?? 'throw',
    );
  }
}

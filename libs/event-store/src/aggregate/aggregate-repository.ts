import type { EventStore } from '../event-store';
import type { AppendOptions, EventMetadata } from '../event-store.types';
import { AggregateExistsError } from '../errors/aggregate-exists.error';
import { AggregateNotFoundError } from '../errors/aggregate-not-found.error';
import { isHistoryArchivedError } from '../errors/history-archived.error';
import {
  isWrongExpectedRevisionError,
  WrongExpectedRevisionError,
} from '../errors/wrong-expected-revision.error';
import { streamName } from '../stream-name';
import type { AggregateRoot } from './aggregate-root';
import { canonicalJson } from './canonical-json';
import { derivedEventId } from './derived-event-id';
import { crossesSnapshotPoint, type SnapshotPolicy } from './snapshot-policy';

/** Default number of attempts of `execute` when the stream moved between load and save. */
export const DEFAULT_EXECUTE_ATTEMPTS = 5;
/** Page size used when replaying a stream's tail. */
const REPLAY_PAGE = 1_000;

export interface AggregateRepositoryOptions<T extends AggregateRoot<S>, S> {
  /** Builds an empty aggregate for an id. */
  readonly create: (id: string) => T;
  /** Snapshot policy of this aggregate type; no snapshots when omitted. */
  readonly snapshots?: SnapshotPolicy<S>;
  /** Called when writing a snapshot fails; a snapshot is an optimisation and never fails a save. */
  readonly onSnapshotError?: (err: unknown) => void;
}

/** Options of `AggregateRepository.execute`. */
export interface ExecuteOptions {
  /** Run once against exactly this revision (an `If-Match`); no re-run on a conflict. */
  readonly expectedRevision?: number;
  /** The aggregate must exist: `AggregateNotFoundError` otherwise, before any revision check. */
  readonly requireExisting?: boolean;
  /** Without `expectedRevision`: how many loads on conflicts. @default DEFAULT_EXECUTE_ATTEMPTS */
  readonly maxAttempts?: number;
  readonly metadata?: EventMetadata;
  /**
   * The command's idempotency key (a reaction passes the id of the event it handles): the new events'
   * ids derive from it (`derivedEventId`), so a retry that decides the same events stores nothing, the
   * store answering it with the original append. The returned aggregate is then loaded afresh.
   */
  readonly idempotencyKey?: string;
}

/** Options of `AggregateRepository.create`. */
export interface CreateOptions {
  readonly metadata?: EventMetadata;
  /**
   * The creation's idempotency key: the new events' ids derive from it (`derivedEventId`). The store
   * answers a retried creation with the original append, stores nothing and does not tell it apart from
   * a fresh one, so `replayed` is `false` then; without a key a retry is recognised by its content.
   */
  readonly idempotencyKey?: string;
}

/** What `load` found. */
export interface LoadStats {
  /** Revision of the snapshot used, or undefined when the whole stream was replayed. */
  readonly snapshotRevision?: number;
  /** Number of events replayed after the snapshot. */
  readonly replayedEvents: number;
}

/**
 * Loads aggregates (latest valid snapshot + the events after it) and saves their new events with the
 * loaded version as the expected revision, so two concurrent deciders cannot both win.
 */
export class AggregateRepository<T extends AggregateRoot<S>, S = T['state']> {
  constructor(
    private readonly store: EventStore,
    private readonly options: AggregateRepositoryOptions<T, S>,
  ) {}

  /** Loads an aggregate; one with no stored events comes back at version -1 in its initial state. */
  async load(id: string): Promise<T> {
    return (await this.loadWithStats(id)).aggregate;
  }

  /** `load`, also telling whether a snapshot was used and how many events were replayed after it. */
  async loadWithStats(id: string): Promise<{ aggregate: T; stats: LoadStats }> {
    const aggregate = this.options.create(id);
    const stream = streamName(aggregate.aggregateType, id);
    const policy = this.options.snapshots;
    let snapshotRevision: number | undefined;
    if (policy) {
      // Snapshots of another schema version are stale: they are not even read.
      const snapshot = await this.store.readLatestSnapshot(stream, { schemaVersion: policy.schemaVersion });
      if (snapshot) {
        aggregate.restore(
          policy.deserialize ? policy.deserialize(snapshot.state) : (snapshot.state as S),
          snapshot.revision,
        );
        snapshotRevision = snapshot.revision;
      }
    }
    let replayed = 0;
    for (;;) {
      const page = await this.store.readStream(stream, { from: aggregate.version + 1, limit: REPLAY_PAGE });
      aggregate.replay(page);
      replayed += page.length;
      if (page.length < REPLAY_PAGE) break;
    }
    // A long tail means the snapshot is stale, missing or failed to write: take one now.
    if (policy && replayed >= policy.every) await this.snapshot(stream, aggregate);
    return { aggregate, stats: { snapshotRevision, replayedEvents: replayed } };
  }

  /**
   * Appends the aggregate's uncommitted events, expecting the stream at the loaded version, and takes a
   * snapshot when the policy says so. Does nothing when there is nothing to save.
   * @throws WrongExpectedRevisionError when someone else appended since the load
   */
  async save(aggregate: T, metadata?: EventMetadata): Promise<void> {
    await this.append(aggregate, metadata);
  }

  /**
   * `save`, the events' ids derived from the idempotency key when there is one. True when the store
   * answered with an earlier append of the same ids (a retry): the aggregate is then left as it was.
   */
  private async append(aggregate: T, metadata?: EventMetadata, idempotencyKey?: string): Promise<boolean> {
    const pending = aggregate.uncommittedEvents;
    if (pending.length === 0) return false;
    const before = aggregate.version;
    const options: AppendOptions = { expectedRevision: before < 0 ? 'noStream' : before, metadata };
    const stream = streamName(aggregate.aggregateType, aggregate.id);
    const events =
      idempotencyKey === undefined
        ? pending
        : pending.map((e, i) => ({ ...e, eventId: derivedEventId(idempotencyKey, stream, i) }));
    const result = await this.store.append(stream, events, options);
    // Only a retry comes back at or below the loaded version: the stream already held these events.
    if (before >= 0 && result.firstRevision <= before) return true;
    aggregate.markCommitted(result.lastRevision);
    const policy = this.options.snapshots;
    if (policy && crossesSnapshotPoint(policy.every, before, result.lastRevision)) {
      await this.snapshot(stream, aggregate);
    }
    return false;
  }

  /**
   * Saves a new aggregate (its stream must not exist yet). A retry of the same creation (a client
   * re-sending a request whose id derives from an idempotency key) finds the stream started by the same
   * events and is answered `replayed` instead of failing.
   * @throws AggregateExistsError when the stream was started by different events
   */
  async create(aggregate: T, options: CreateOptions = {}): Promise<{ revision: number; replayed: boolean }> {
    const events = aggregate.uncommittedEvents;
    if (aggregate.version >= 0) throw new RangeError(`create: ${aggregate.id} was loaded, not new`);
    try {
      await this.append(aggregate, options.metadata, options.idempotencyKey);
      return { revision: aggregate.version, replayed: false };
    } catch (err) {
      if (!isWrongExpectedRevisionError(err)) throw err;
      const stream = streamName(aggregate.aggregateType, aggregate.id);
      // A stream whose start is archived was created long ago: not a retry of this creation.
      const stored = await this.store.readStream(stream, { limit: events.length }).catch((e: unknown) => {
        if (isHistoryArchivedError(e)) throw new AggregateExistsError(stream, aggregate.id);
        throw e;
      });
      const same =
        stored.length === events.length &&
        stored.every(
          (e, i) => e.type === events[i]!.type && canonicalJson(e.data) === canonicalJson(events[i]!.data),
        );
      if (!same) throw new AggregateExistsError(stream, aggregate.id);
      return { revision: stored[stored.length - 1]!.revision, replayed: true };
    }
  }

  /**
   * Load, decide, save. Without `expectedRevision`, a revision conflict starts again from a fresh load
   * (only for commands that can be re-decided on newer state: the command must not depend on what it
   * read the first time). With it (from an `If-Match`), the command runs once, against exactly that
   * revision: a stream at another revision, before or during the command, is a conflict for the caller.
   * @throws AggregateNotFoundError with `requireExisting`, when the stream has no events (checked first)
   * @throws WrongExpectedRevisionError on a stale `expectedRevision`, or after `maxAttempts` conflicts
   */
  async execute(
    id: string,
    command: (aggregate: T) => void | Promise<void>,
    options: ExecuteOptions = {},
  ): Promise<T> {
    const { expectedRevision, requireExisting, metadata, idempotencyKey } = options;
    const maxAttempts =
      expectedRevision === undefined ? (options.maxAttempts ?? DEFAULT_EXECUTE_ATTEMPTS) : 1;
    for (let attempt = 1; ; attempt++) {
      const aggregate = await this.load(id);
      const stream = streamName(aggregate.aggregateType, id);
      if (requireExisting && aggregate.version < 0) throw new AggregateNotFoundError(stream, id);
      if (expectedRevision !== undefined && aggregate.version !== expectedRevision)
        throw new WrongExpectedRevisionError(
          stream,
          expectedRevision,
          aggregate.version < 0 ? undefined : aggregate.version,
        );
      await command(aggregate);
      try {
        const retried = await this.append(aggregate, metadata, idempotencyKey);
        return retried ? await this.load(id) : aggregate;
      } catch (err) {
        if (!isWrongExpectedRevisionError(err) || attempt >= maxAttempts) throw err;
      }
    }
  }

  private async snapshot(stream: string, aggregate: T): Promise<void> {
    const policy = this.options.snapshots!;
    try {
      await this.store.saveSnapshot({
        stream,
        revision: aggregate.version,
        schemaVersion: policy.schemaVersion,
        state: policy.serialize ? policy.serialize(aggregate.state) : aggregate.state,
      });
    } catch (err) {
      this.options.onSnapshotError?.(err);
    }
  }
}

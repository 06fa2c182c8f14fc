import type { EventStore } from '../event-store';
import type { AppendOptions, EventMetadata } from '../event-store.types';
import { isWrongExpectedRevisionError } from '../errors/wrong-expected-revision.error';
import { streamName } from '../stream-name';
import type { AggregateRoot } from './aggregate-root';
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
    const events = aggregate.uncommittedEvents;
    if (events.length === 0) return;
    const before = aggregate.version;
    const options: AppendOptions = { expectedRevision: before < 0 ? 'noStream' : before, metadata };
    const stream = streamName(aggregate.aggregateType, aggregate.id);
    const result = await this.store.append(stream, events, options);
    aggregate.markCommitted(result.lastRevision);
    const policy = this.options.snapshots;
    if (policy && crossesSnapshotPoint(policy.every, before, result.lastRevision)) {
      await this.snapshot(stream, aggregate);
    }
  }

  /**
   * Load, decide, save; on a revision conflict, start again from a fresh load. Only for commands that can
   * be re-decided on newer state (the command must not depend on what it read the first time).
   * @throws WrongExpectedRevisionError after `maxAttempts` conflicts, or any error the command throws
   */
  async execute(
    id: string,
    command: (aggregate: T) => void | Promise<void>,
    options: { maxAttempts?: number; metadata?: EventMetadata } = {},
  ): Promise<T> {
    const maxAttempts = options.maxAttempts ?? DEFAULT_EXECUTE_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      const aggregate = await this.load(id);
      await command(aggregate);
      try {
        await this.save(aggregate, options.metadata);
        return aggregate;
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

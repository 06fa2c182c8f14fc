import { AssertionError, deepStrictEqual } from 'node:assert';
import type { ReadAllOptions, ReadAllResult, StoredCommit } from '@switchyard/event-store';
import {
  getInMemoryProjectionStore,
  normaliseProjection,
  ProjectionRunner,
  type ProjectionDefinition,
  type ProjectionEvent,
  type ProjectionLogger,
  type ProjectionStore,
  type ReadModelDocument,
} from '@switchyard/projections';

/** An event given to a spec: its type and data; the rest is filled in (one commit per event). */
export interface GivenEvent {
  readonly type: string;
  readonly data: object;
  /** @default 'spec-stream' */
  readonly stream?: string;
  /** @default `spec-event-<n>` */
  readonly eventId?: string;
  /** @default 2024-01-01T00:00:00Z plus n seconds */
  readonly committedAt?: Date;
}

/** The read model as a spec compares it: documents by id. */
export type ReadModelById = Record<string, ReadModelDocument>;

const SPEC_EPOCH = Date.UTC(2024, 0, 1);
const QUIET: ProjectionLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

class Crash extends Error {}

/** Stored commits for the given events: positions 1..n, revisions per stream. */
function toCommits(given: readonly GivenEvent[]): StoredCommit[] {
  const revisions = new Map<string, number>();
  return given.map((g, i) => {
    const stream = g.stream ?? 'spec-stream';
    const revision = (revisions.get(stream) ?? -1) + 1;
    revisions.set(stream, revision);
    const committedAt = g.committedAt ?? new Date(SPEC_EPOCH + i * 1000);
    const eventId = g.eventId ?? `spec-event-${i + 1}`;
    const event: ProjectionEvent<Record<string, unknown>> = {
      eventId,
      type: g.type,
      schemaVersion: 1,
      data: structuredClone(g.data) as Record<string, unknown>,
      metadata: {},
      stream,
      revision,
      committedAt,
      position: i + 1,
      indexInCommit: 0,
    };
    return {
      commitId: eventId,
      stream,
      revision,
      lastRevision: revision,
      position: i + 1,
      committedAt,
      dispatched: true,
      events: [event],
    };
  });
}

function source(commits: readonly StoredCommit[]) {
  return {
    async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
      const from = options.fromPosition ?? 1;
      const limit = options.limit ?? 1000;
      const page = commits.slice(from - 1, from - 1 + limit);
      return {
        commits: page,
        events: page.flatMap((c) => c.events),
        nextPosition: from + page.length,
        isEnd: page.length < limit,
      };
    },
  };
}

/**
 * Given/When/Then for projections (after Emmett's projection specs), on the real runner and an in-memory
 * store:
 *
 * ```ts
 * await ProjectionSpec.for(customerOrdersProjection)
 *   .given([{ type: 'order.placed', data: exampleOrderPlaced() }])
 *   .then({ 'c-1': { customerId: 'c-1', orders: [{ orderId: 'o-1', status: 'placed' }], count: 1 } });
 * ```
 *
 * `then` compares every document exactly; `thenDocument` one of them; `expectIdempotent` replays every
 * page twice (a crash before each checkpoint) and once more from scratch, and asserts nothing changed.
 */
export class ProjectionSpec {
  private constructor(private readonly definition: ProjectionDefinition) {}

  /** A plain definition or an instance of a `@Projection()` class. */
  static for(projection: ProjectionDefinition | object): ProjectionSpec {
    return new ProjectionSpec(normaliseProjection(projection));
  }

  given(events: readonly GivenEvent[]): ProjectionSpecThen {
    return new ProjectionSpecThen(this.definition, toCommits(events));
  }
}

export class ProjectionSpecThen {
  constructor(
    private readonly definition: ProjectionDefinition,
    private readonly commits: readonly StoredCommit[],
  ) {}

  /** The read model the given events build (pages of `pageSize` commits). */
  async readModel(options: { pageSize?: number; repeatEveryPage?: boolean } = {}): Promise<ReadModelById> {
    const store = getInMemoryProjectionStore();
    await this.run(store, options);
    const docs = await store.allDocuments({ ...this.definition });
    return Object.fromEntries(
      docs.map((d) => [d.id, d.state]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  }

  /** Asserts the read model is exactly `expected` (every document, by id). */
  async then(expected: ReadModelById): Promise<ReadModelById> {
    const actual = await this.readModel();
    deepStrictEqual(actual, expected, 'read model');
    return actual;
  }

  /** Asserts one document equals `expected` (`undefined`: it does not exist). */
  async thenDocument(id: string, expected: ReadModelDocument | undefined): Promise<void> {
    const actual = await this.readModel();
    deepStrictEqual(actual[id], expected, `document ${id}`);
  }

  /**
   * Replays everything twice (every page applied, "crashed" before its checkpoint, and applied again),
   * and once more from scratch with another page size, and asserts each gives the same read model.
   * Catches evolve functions that are not deterministic or that lose a deletion.
   */
  async expectIdempotent(options: { pageSize?: number } = {}): Promise<ReadModelById> {
    const once = await this.readModel({ pageSize: options.pageSize ?? 1 });
    const twice = await this.readModel({ pageSize: options.pageSize ?? 1, repeatEveryPage: true });
    const whole = await this.readModel({ pageSize: 1000 });
    deepStrictEqual(twice, once, 'read model after replaying every page twice');
    deepStrictEqual(whole, once, 'read model of one replay from scratch');
    return once;
  }

  private async run(
    store: ProjectionStore,
    options: { pageSize?: number; repeatEveryPage?: boolean },
  ): Promise<void> {
    let crashNext = options.repeatEveryPage === true;
    const target: ProjectionStore = options.repeatEveryPage
      ? Object.assign(Object.create(store) as ProjectionStore, {
          updateCheckpoint: async (
            ...[build, expected, update]: Parameters<ProjectionStore['updateCheckpoint']>
          ) => {
            if (crashNext && update.position !== undefined) {
              crashNext = false;
              throw new Crash('crash before the checkpoint');
            }
            crashNext = options.repeatEveryPage === true;
            return store.updateCheckpoint(build, expected, update);
          },
        })
      : store;
    const runner = () =>
      new ProjectionRunner({
        definition: this.definition,
        store: target,
        events: source(this.commits),
        holder: 'projection-spec',
        mode: 'rebuild',
        pageSize: options.pageSize ?? 1000,
        logger: QUIET,
      });
    for (let attempt = 0; attempt < this.commits.length * 2 + 2; attempt++) {
      try {
        const end = await runner().catchUp();
        if (end.kind === 'paused')
          throw new AssertionError({
            message: `the projection paused at ${end.paused.ref} (${end.paused.type}): ${end.paused.error}`,
          });
        return;
      } catch (err) {
        if (!(err instanceof Crash)) throw err;
      }
    }
    throw new AssertionError({ message: 'the projection kept failing' });
  }
}

import { isDeepStrictEqual } from 'node:util';
import { getMongoEventStore, type EventStore, type SequencedEventEnvelope } from '@switchyard/event-store';
import { exampleEventRegistry, exampleProjections } from '@switchyard/examples';
import {
  getMongoProjectionStore,
  normaliseProjection,
  projectionStatus,
  type ProjectionDefinition,
  type ProjectionStatus,
  type ReadModelDocument,
} from '@switchyard/projections';
import { foldProjection, readModelDocuments } from '@switchyard/testing';
import type { Db } from 'mongodb';
import type { ProjectionObservation } from './demo-observation';

/** Commits per `readAll` page when the demo folds the whole store. */
const PAGE = 1_000;
/** Documents named per projection when its read model differs from the recomputation. */
const MAX_NAMED = 20;

/** The example system's projections, as the worker runs them (without the order summary's notices). */
export function demoProjections(): ProjectionDefinition[] {
  return exampleProjections().map((p) => normaliseProjection(p));
}

/** The demo database's event store, read as the projections read it (`readAll` by global position). */
export function demoEventStore(db: Db): EventStore {
  return getMongoEventStore(db, exampleEventRegistry());
}

/** Each projection's status: state, live version, position against the store's head. */
export function readProjectionStatus(
  db: Db,
  definitions: readonly ProjectionDefinition[],
  store: EventStore,
): Promise<ProjectionStatus[]> {
  return projectionStatus(definitions, getMongoProjectionStore(db), store);
}

/**
 * What a projection still lacks to be at the store's head and live (empty when every one is): the quiet
 * probe of `npm run demo`.
 */
export function projectionsBehind(statuses: readonly ProjectionStatus[]): string[] {
  return statuses
    .filter((s) => s.state !== 'live' || (s.live?.lagEvents ?? 1) > 0)
    .map((s) =>
      s.live
        ? `projection ${s.name}: ${s.state} at position ${s.live.position} of ${s.head}${s.live.paused ? ` (paused at ${s.live.paused.ref}: ${s.live.paused.error})` : ''}`
        : `projection ${s.name}: ${s.state} (store head ${s.head})`,
    );
}

async function readAllEvents(store: EventStore): Promise<SequencedEventEnvelope[]> {
  const events: SequencedEventEnvelope[] = [];
  for (let from = 1; ;) {
    const page = await store.readAll({ fromPosition: from, limit: PAGE });
    events.push(...page.events);
    if (page.isEnd) return events;
    from = page.nextPosition;
  }
}

/** A document as MongoDB gives it back: fields set to `undefined` are not stored. */
function stored(doc: ReadModelDocument | undefined): unknown {
  return doc === undefined ? undefined : JSON.parse(JSON.stringify(doc));
}

/**
 * Each projection at the end of a run: its status, and its live read model (the collection its pointer
 * names, bookkeeping fields aside) compared document by document with a recomputation folded from every
 * event of the store (`readAll`), with nothing but the projection's own functions.
 */
export async function observeProjections(db: Db): Promise<ProjectionObservation[]> {
  const definitions = demoProjections();
  const store = demoEventStore(db);
  const statuses = await readProjectionStatus(db, definitions, store);
  const events = await readAllEvents(store);
  return Promise.all(
    definitions.map(async (definition, i): Promise<ProjectionObservation> => {
      const status = statuses[i]!;
      const expected = foldProjection(definition, events);
      const actual = status.live ? await readModelDocuments(db, definition.name) : {};
      const differing: string[] = [];
      for (const id of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
        if (!(id in actual)) differing.push(`${id} missing`);
        else if (!(id in expected)) differing.push(`${id} not expected`);
        else if (!isDeepStrictEqual(stored(actual[id]), stored(expected[id])))
          differing.push(`${id} differs`);
      }
      return {
        name: definition.name,
        state: status.state,
        ...(status.live ? { collection: status.live.collection } : {}),
        position: status.live?.position ?? 0,
        head: status.head,
        lagEvents: status.live?.lagEvents ?? status.head,
        lagSeconds: status.live?.lagSeconds ?? 0,
        ...(status.live?.paused ? { paused: `${status.live.paused.ref}: ${status.live.paused.error}` } : {}),
        documents: Object.keys(actual).length,
        expectedDocuments: Object.keys(expected).length,
        events: events.length,
        differences: differing.length,
        differing: differing.sort().slice(0, MAX_NAMED),
      };
    }),
  );
}

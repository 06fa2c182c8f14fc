import type { Db } from 'mongodb';
import { getMongoEventStore, type EventStore, type SequencedEventEnvelope } from '@switchyard/event-store';
import { exampleEventRegistry, exampleOrderPlaced, exampleProjections } from '@switchyard/examples';
import type { EventPublisher } from '@switchyard/messaging';
import { toOutgoingEvent } from '@switchyard/outbox';
import { normaliseProjection, type ProjectionEvent } from '@switchyard/projections';
import {
  foldProjection,
  readModelDocuments,
  spawnApp,
  type AppProcess,
  type TestEnvironment,
} from '@switchyard/testing';

export const WORKER_ENTRY = 'apps/projections-worker/src/main.ts';
export const REGISTER = ['-r', './scripts/register.js'];
export const PROJECTION_NAMES = ['order-summary', 'customer-orders', 'merchant-daily-totals'];

/** Starts `apps/projections-worker` on the test's vhost and database; resolves once it printed "ready". */
export function spawnWorker(env: TestEnvironment, extra: Record<string, string> = {}): Promise<AppProcess> {
  return spawnApp(WORKER_ENTRY, {
    nodeArgs: REGISTER,
    env: {
      AMQP_URL: env.amqpUrl,
      MONGO_URL: env.mongoUrl,
      MONGO_DATABASE: env.database.name,
      PROJECTIONS_LEASE_TTL_MS: '2000',
      PROJECTIONS_LEASE_RENEW_MS: '300',
      ...extra,
    },
    readyLine: 'projections worker ready',
    readyTimeoutMs: 90_000,
  });
}

export function eventStoreOf(db: Db): EventStore {
  return getMongoEventStore(db, exampleEventRegistry());
}

/** Publishes stored events as the outbox relay would (same headers: stream, revision, position). */
export async function publishEvents(publisher: EventPublisher, events: readonly SequencedEventEnvelope[]) {
  const registry = exampleEventRegistry();
  for (const e of events) await publisher.publish(toOutgoingEvent(e, registry));
}

/**
 * Appends `n` orders of the example system (placed; some confirmed, shipped or cancelled, with their
 * facts), spread over customers, merchants and currencies: cross-aggregate documents get many writers.
 */
export async function appendOrders(store: EventStore, n: number, tag: string): Promise<void> {
  const one = async (i: number) => {
    const orderId = `${tag}-${i}`;
    const placed = exampleOrderPlaced({
      orderId,
      customerId: `c-${i % 13}`,
      merchantId: `m-${i % 3}`,
      currency: i % 2 ? 'EUR' : 'USD',
      total: `${i % 50}.25`,
    });
    const stream = `order-${orderId}`;
    const facts = {
      orderId,
      customerId: placed.customerId,
      merchantId: placed.merchantId,
      total: placed.total,
      currency: placed.currency,
    };
    await store.append(stream, [{ type: 'order.placed', data: placed }], { expectedRevision: 'noStream' });
    if (i % 5 === 1) {
      await store.append(stream, [{ type: 'order.cancelled', data: { ...facts, reason: 'changed mind' } }]);
      return;
    }
    if (i % 3 !== 0) return;
    await store.append(stream, [{ type: 'order.confirmed', data: facts }]);
    if (i % 6 === 0)
      await store.append(stream, [
        { type: 'order.shipped', data: { ...facts, carrier: 'DHL', trackingNumber: `T-${orderId}` } },
      ]);
  };
  for (let i = 0; i < n; i += 25)
    await Promise.all(Array.from({ length: Math.min(25, n - i) }, (_, k) => one(i + k)));
}

export async function allEvents(store: EventStore): Promise<ProjectionEvent[]> {
  const out: ProjectionEvent[] = [];
  for (let from = 1; ;) {
    const page = await store.readAll({ fromPosition: from, limit: 1000 });
    out.push(...page.events);
    from = page.nextPosition;
    if (page.isEnd) return out;
  }
}

/** Each example read model as the worker built it, and as the clean fold of the store says it should be. */
export async function compareReadModels(db: Db, store: EventStore) {
  const events = await allEvents(store);
  const definitions = exampleProjections().map((p) => normaliseProjection(p));
  return Promise.all(
    definitions.map(async (d) => ({
      name: d.name,
      actual: await readModelDocuments(db, d.name),
      expected: foldProjection(d, events),
    })),
  );
}

/** The last position applied by the live version of each example projection. */
export async function livePositions(db: Db): Promise<number[]> {
  return Promise.all(
    PROJECTION_NAMES.map(async (name) => {
      const pointer = await db
        .collection<{ _id: string; version: number }>('projection_pointers')
        .findOne({ _id: name });
      if (!pointer) return 0;
      const cp = await db
        .collection<{ _id: string; position: number }>('projection_checkpoints')
        .findOne({ _id: `${name}@${pointer.version}` });
      return cp?.position ?? 0;
    }),
  );
}

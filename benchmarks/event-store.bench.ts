/**
 * Event store benchmark (`npm run bench -- event-store`), against the local database:
 * 1. append throughput of `EventStore.append` against the raw driver's `insertOne` of the same commit
 *    document, into a collection with the same indexes, in the same run;
 * 2. aggregate load with snapshots: a 10,000-event stream against a 10-event stream (and the 10,000-event
 *    stream without snapshots, for scale).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  AggregateRepository,
  getMongoEventStore,
  Order,
  streamName,
  type EventStore,
} from '@switchyard/event-store';
import { contractEvent, exampleEventRegistry, OrderConfirmed, OrderPlaced } from '@switchyard/contracts';
import { createTestDatabase } from '@switchyard/testing';
import type { Bench } from './run';

const APPENDS = 400;
const CONCURRENT_WRITERS = 8;
const LOADS = 15;
const SNAPSHOT_EVERY = 100;

const placed = (orderId: string) =>
  contractEvent(OrderPlaced, {
    orderId,
    customerId: 'c-1',
    lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: '4.50' }],
    total: '9.00',
    currency: 'EUR',
  });

async function timed(
  label: string,
  n: number,
  fn: (i: number) => Promise<unknown>,
  concurrency = 1,
): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  const ms = performance.now() - start;
  const perSec = (n / ms) * 1000;
  process.stdout.write(
    `${label.padEnd(58)} ${String(n).padStart(6)} ops ${ms.toFixed(0).padStart(7)} ms ${perSec.toFixed(0).padStart(7)} ops/s\n`,
  );
  return ms / n;
}

async function appendThroughput(store: EventStore, raw: import('mongodb').Collection): Promise<void> {
  // The raw baseline inserts the same document the store writes, with the same unique indexes.
  await raw.createIndex({ stream: 1, revision: 1 }, { unique: true });
  await raw.createIndex({ position: 1 }, { unique: true });
  const rawDoc = (i: number, salt: string) => {
    const id = randomUUID();
    const e = placed(`o-${salt}-${i}`);
    return {
      _id: id as unknown as import('mongodb').ObjectId,
      stream: `order-${salt}-${i}`,
      revision: 0,
      lastRevision: 0,
      position: i + 1 + (salt === 'c' ? 1_000_000 : 0),
      bucket: Math.floor((i + 1 + (salt === 'c' ? 1_000_000 : 0)) / 100),
      events: [
        {
          eventId: id,
          type: e.type,
          schemaVersion: 1,
          revision: 0,
          data: JSON.stringify(e.data),
          metadata: '{}',
        },
      ],
      committedAt: new Date(),
      dispatched: false,
    };
  };
  process.stdout.write('\nappend throughput (1 event per append, new stream each)\n');
  const rawSeq = await timed('raw insertOne, sequential', APPENDS, (i) => raw.insertOne(rawDoc(i, 's')));
  const storeSeq = await timed('EventStore.append, sequential', APPENDS, (i) =>
    store.append(`order-s-${i}`, [placed(`o-s-${i}`)], { expectedRevision: 'noStream' }),
  );
  const rawConc = await timed(
    `raw insertOne, ${CONCURRENT_WRITERS} writers`,
    APPENDS,
    (i) => raw.insertOne(rawDoc(i, 'c')),
    CONCURRENT_WRITERS,
  );
  const storeConc = await timed(
    `EventStore.append, ${CONCURRENT_WRITERS} writers (racing for positions)`,
    APPENDS,
    (i) => store.append(`order-c-${i}`, [placed(`o-c-${i}`)], { expectedRevision: 'noStream' }),
    CONCURRENT_WRITERS,
  );
  process.stdout.write(
    `ratio append/insertOne time per op: sequential ${(storeSeq / rawSeq).toFixed(2)}x, ` +
      `${CONCURRENT_WRITERS} writers ${(storeConc / rawConc).toFixed(2)}x\n`,
  );
}

async function aggregateLoad(store: EventStore): Promise<void> {
  const withSnapshots = new AggregateRepository(store, {
    create: (id) => new Order(id),
    snapshots: { every: SNAPSHOT_EVERY, schemaVersion: 1 },
  });
  const withoutSnapshots = new AggregateRepository(store, { create: (id) => new Order(id) });

  // A 10-event stream and a 10,000-event stream: placed, then confirmations (the demo Order accepts
  // replays of any stored history; the handler only sets the status).
  const build = async (id: string, total: number, tail: number) => {
    const stream = streamName('order', id);
    await store.append(stream, [placed(id)]);
    let written = 1;
    while (written < total - tail) {
      const n = Math.min(500, total - tail - written);
      await store.append(
        stream,
        Array.from({ length: n }, () => contractEvent(OrderConfirmed, { orderId: id })),
      );
      written += n;
    }
    await withSnapshots.load(id); // replays everything once and takes a snapshot (tail >= every)
    for (; written < total; written++)
      await store.append(stream, [contractEvent(OrderConfirmed, { orderId: id })]);
  };
  const t0 = performance.now();
  await build('small', 10, 0);
  await build('large', 10_000, 50);
  process.stdout.write(
    `\naggregate load (snapshot every ${SNAPSHOT_EVERY}; setup ${(performance.now() - t0).toFixed(0)} ms)\n`,
  );
  const large = await withSnapshots.loadWithStats('large');
  process.stdout.write(
    `large stream: version ${large.aggregate.version}, snapshot at ${large.stats.snapshotRevision}, tail ${large.stats.replayedEvents}\n`,
  );

  const small = await timed('load 10-event stream (no snapshot due)', LOADS, () =>
    withSnapshots.load('small'),
  );
  const big = await timed('load 10,000-event stream, snapshot + 50-event tail', LOADS, () =>
    withSnapshots.load('large'),
  );
  const full = await timed('load 10,000-event stream, full replay (no snapshots)', 3, () =>
    withoutSnapshots.load('large'),
  );
  process.stdout.write(
    `ratio 10,000-event/10-event load time: with snapshots ${(big / small).toFixed(2)}x, ` +
      `full replay ${(full / small).toFixed(1)}x\n`,
  );
}

export const bench: Bench = {
  name: 'event store: append vs raw insertOne, aggregate load with snapshots',
  async run() {
    const database = await createTestDatabase('bench_event_store');
    try {
      const store = getMongoEventStore(database.db, exampleEventRegistry());
      await store.ensureIndexes();
      await appendThroughput(store, database.db.collection('raw_commits'));
      await aggregateLoad(store);
    } finally {
      await database.drop();
    }
  },
};

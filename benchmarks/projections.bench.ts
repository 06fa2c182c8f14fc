/**
 * Projections bench (`npm run bench -- projections`), against the local services:
 * - rebuild rate: `order-summary` rebuilt blue/green into its shadow collection from a store of
 *   `BENCH_REBUILD_ORDERS` orders, in events/s, against a raw `insertOne` loop writing the same final
 *   read-model documents (target ≥ 0.5×);
 * - live lag: the API places orders over HTTP at `BENCH_PROJ_RATE` commands/s for `BENCH_PROJ_SECONDS`
 *   while its relay publishes and the three example projections run live (woken by
 *   `reporting.projections`), from each commit to the last of the three read models written (p99 ≤ 100 ms).
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getMongoEventStore, type EventStore } from '@switchyard/event-store';
import {
  EXAMPLE_TOPOLOGY,
  exampleEventRegistry,
  exampleOrderPlaced,
  exampleProjections,
  OrderSummaryProjection,
} from '@switchyard/examples';
import { HEADERS, MessagingRuntime } from '@switchyard/messaging';
import { getMongoProjectionStore, normaliseProjection, Projections } from '@switchyard/projections';
import { createTestDatabase, createTestVhost, foldProjection, sequenceAll } from '@switchyard/testing';
import { ApiModule } from '../apps/api/src/api.module';
import type { Bench } from './run';
import type { FigureInput, Results } from './support/results';
import { quantile } from './support/timing';

const ORDERS = Number(process.env.BENCH_REBUILD_ORDERS ?? 2000);
const RATE = Number(process.env.BENCH_PROJ_RATE ?? 150);
const SECONDS = Number(process.env.BENCH_PROJ_SECONDS ?? 10);
const QUIET = { log: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function appendOrders(store: EventStore, n: number): Promise<void> {
  const one = async (i: number) => {
    const placed = exampleOrderPlaced({
      orderId: `b-${i}`,
      customerId: `c-${i % 97}`,
      merchantId: `m-${i % 5}`,
    });
    const facts = {
      orderId: placed.orderId,
      customerId: placed.customerId,
      total: placed.total,
      currency: placed.currency,
    };
    await store.append(`order-b-${i}`, [{ type: 'order.placed', data: placed }]);
    if (i % 2 === 0) await store.append(`order-b-${i}`, [{ type: 'order.confirmed', data: facts }]);
  };
  for (let i = 0; i < n; i += 50)
    await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) => one(i + k)));
  await sequenceAll(store);
}

export async function measureRebuild(): Promise<FigureInput> {
  const t = await createTestDatabase('proj_rebuild_bench');
  try {
    const store = getMongoEventStore(t.db, exampleEventRegistry());
    await appendOrders(store, ORDERS);
    const definition = normaliseProjection(new OrderSummaryProjection());
    const projectionStore = getMongoProjectionStore(t.db);
    await projectionStore.createPointer({ ...definition });
    const projections = new Projections({
      projections: [definition],
      store: projectionStore,
      events: store,
      logger: QUIET,
    });
    const result = await projections.rebuild('order-summary');
    const rebuildRate = result.events / result.seconds;

    // Baseline: the same final documents, one insertOne each
    const events = (await store.readAll({ fromPosition: 1, limit: 1_000_000 })).events;
    const docs = Object.entries(foldProjection(definition, events));
    const raw = t.db.collection<{ _id: string }>('raw_order_summaries');
    const t0 = performance.now();
    for (const [id, doc] of docs) await raw.insertOne({ ...doc, _id: id });
    const rawSeconds = (performance.now() - t0) / 1000;
    return {
      name: 'projection rebuild rate (order-summary into its shadow collection) vs a raw insertOne loop',
      value: rebuildRate,
      unit: 'events/s',
      baseline: { name: 'raw insertOne of the same documents', value: result.events / rawSeconds },
      target: { of: 'ratio', op: '>=', limit: 0.5 },
      note: `${result.events} events (${ORDERS} orders, ${docs.length} documents) rebuilt in ${result.seconds.toFixed(2)} s, pages of 1000 commits; the raw loop wrote the ${docs.length} final documents in ${rawSeconds.toFixed(2)} s.`,
    };
  } finally {
    await t.drop();
  }
}

export async function measureLiveLag(): Promise<FigureInput[]> {
  const vhost = await createTestVhost('proj_lag_bench');
  const t = await createTestDatabase('proj_lag_bench');
  let app: INestApplication | undefined;
  let runtime: MessagingRuntime | undefined;
  let projections: Projections | undefined;
  try {
    app = await NestFactory.create(
      ApiModule.forRoot({
        amqpUrl: vhost.amqpUrl,
        mongoUrl: t.mongoUrl,
        database: t.name,
        logging: { level: 'warn' },
      }),
      { logger: ['error', 'warn'] },
    );
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    // The worker's wiring, in this process: each message wakes the runners, which read the store
    const applied = new Map<number, { committedAt: number; projections: number; last: number }>();
    projections = new Projections({
      projections: exampleProjections(),
      store: getMongoProjectionStore(t.db),
      events: getMongoEventStore(t.db, exampleEventRegistry()),
      logger: QUIET,
      onApplied: (page) => {
        for (const c of page.commits) {
          const a = applied.get(c.position) ?? {
            committedAt: c.committedAt.getTime(),
            projections: 0,
            last: 0,
          };
          a.projections++;
          a.last = Math.max(a.last, page.appliedAt.getTime());
          applied.set(c.position, a);
        }
      },
    });
    await projections.startLive();
    const live = projections;
    runtime = new MessagingRuntime({
      urls: vhost.amqpUrl,
      topology: EXAMPLE_TOPOLOGY,
      consumers: ['reporting.projections'],
      onGap: async () => live.wake(),
    });
    runtime.addHandler('reporting.projections', {
      name: 'wake',
      invoke: async (ctx) => live.wake(Number(ctx.headers[HEADERS.position]) || undefined),
    });
    await runtime.start();

    const post = () =>
      fetch(`${base}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...exampleOrderPlaced(), orderId: undefined, merchantId: 'm-1' }),
      }).then(async (res) => {
        if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      });
    for (let i = 0; i < 20; i++) {
      await post();
      await sleep(20);
    }
    const total = RATE * SECONDS;
    const started = Date.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      await sleep(started + (i * 1000) / RATE - Date.now());
      inFlight.push(post());
    }
    await Promise.all(inFlight);
    const achieved = (total / (Date.now() - started)) * 1000;
    const deadline = Date.now() + 60_000;
    const complete = () => [...applied.values()].filter((a) => a.projections >= 3).length;
    while (complete() < total + 20 && Date.now() < deadline) await sleep(20);
    const lags = [...applied.entries()]
      .filter(([position, a]) => position > 20 && a.projections >= 3)
      .map(([, a]) => a.last - a.committedAt);
    const setup = `${total} POST /orders at ${RATE}/s (achieved ${achieved.toFixed(0)}/s) for ${SECONDS} s; the API's relay publishes, the three example projections run live in this process, woken by reporting.projections`;
    return [
      {
        name: `projection live lag p99 at ${RATE} commands/s (commit → all three read models written)`,
        value: quantile(lags, 0.99),
        unit: 'ms',
        target: { of: 'value', op: '<=', limit: 100 },
        note: `${setup}; p50 ${quantile(lags, 0.5).toFixed(1)} ms, max ${Math.max(...lags).toFixed(0)} ms over ${lags.length} commits.`,
        missedBecause:
          'the lag adds the relay (commit → publish), the broker and one projection round per read model ' +
          '(page read, one $in load, one bulk write, the checkpoint) on 2 shared cores.',
      },
    ];
  } finally {
    await runtime?.stop();
    await projections?.stopLive();
    await app?.close();
    await vhost.delete();
    await t.drop();
  }
}

export const bench: Bench = {
  name: 'projections: rebuild rate and live lag',
  async run(results: Results): Promise<void> {
    results.add(await measureRebuild());
    for (const figure of await measureLiveLag()) results.add(figure);
  },
};

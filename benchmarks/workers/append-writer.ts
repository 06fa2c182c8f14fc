/**
 * One writer process of the sequencing bench (`benchmarks/sequencing.bench.ts`). Env: MONGO_URL, DB_NAME,
 * WRITER (its name), APPENDS, CONCURRENCY (appends in flight), RAW=1 for the baseline. Warms up, prints
 * `ready`, waits for a line on stdin, then appends APPENDS single-event commits to new streams of its own
 * through `getMongoEventStore` (or, with RAW=1, `insertOne`s the same documents into `raw_commits`, which
 * has the same unique `{stream, revision}` index) and prints one JSON line `{ ms, latencies, failed,
 * errors }`.
 */
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { contractEvent } from '@switchyard/contracts';
import { getMongoEventStore } from '@switchyard/event-store';
import { exampleEventRegistry, OrderPlaced } from '@switchyard/examples';

const placed = (orderId: string) =>
  contractEvent(OrderPlaced, {
    orderId,
    customerId: 'c-1',
    lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: '4.50' }],
    total: '9.00',
    currency: 'EUR',
  });

async function main(): Promise<void> {
  const env = process.env;
  const client = await new MongoClient(env.MONGO_URL!, { maxPoolSize: 20 }).connect();
  const store = getMongoEventStore(client.db(env.DB_NAME!), exampleEventRegistry());
  const writer = env.WRITER!;
  const appends = Number(env.APPENDS);
  const concurrency = Number(env.CONCURRENCY ?? 1);
  const db = client.db(env.DB_NAME!);
  const raw = db.collection<{ _id: string } & Record<string, unknown>>('raw_commits');
  await store.ensureIndexes();
  await raw.createIndex({ stream: 1, revision: 1 }, { unique: true, name: 'stream_revision_unique' });
  const rawInsert = (stream: string, orderId: string) => {
    const e = placed(orderId);
    const eventId = randomUUID();
    return raw.insertOne({
      _id: eventId,
      stream,
      revision: 0,
      lastRevision: 0,
      revisionBucket: 0,
      events: [
        {
          eventId,
          type: e.type,
          schemaVersion: 1,
          revision: 0,
          data: JSON.stringify(e.data),
          metadata: '{}',
        },
      ],
      committedAt: new Date(),
      dispatched: false,
      sequenced: false,
    });
  };
  const append =
    env.RAW === '1'
      ? rawInsert
      : (stream: string, orderId: string) =>
          store.append(stream, [placed(orderId)], { expectedRevision: 'noStream' });
  for (let i = 0; i < 5; i++) await append(`order-${writer}-warm-${i}`, `${writer}-w${i}`);
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) =>
    createInterface({ input: process.stdin }).once('line', () => resolve()),
  );

  const latencies: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < appends) {
        const i = next++;
        const t0 = performance.now();
        try {
          await store.append(`order-${writer}-${i}`, [placed(`${writer}-${i}`)], {
            expectedRevision: 'noStream',
          });
          latencies.push(performance.now() - t0);
        } catch (err) {
          errors.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
        }
      }
    }),
  );
  const ms = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({ ms, latencies, failed: errors.length, errors: errors.slice(0, 3) })}\n`,
  );
  await client.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`append-writer: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

/**
 * The API under load, against the local services: `node -r ./scripts/register.js benchmarks/api.bench.ts
 * [orders] [concurrency]`. Places orders over HTTP (baseline: the same command called in-process, without
 * HTTP), confirms them over HTTP, then waits for the outbox relay to publish everything and reports the
 * commit→publish lag. Uses its own vhost and database and removes them afterwards.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createTestDatabase, createTestVhost } from '@switchyard/testing';
import { ApiModule } from '../apps/api/src/api.module';
import { OrdersService } from '../apps/api/src/orders/orders.service';

const PLACE = {
  customerId: 'c-bench',
  lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: '5.00' }],
  total: '10.00',
  currency: 'EUR',
};

/** Runs `task(i)` for i in [0, n) with at most `concurrency` in flight; returns each call's latency (ms). */
async function load(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const started = performance.now();
        await task(i);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

function summary(label: string, latencies: number[], wallMs: number): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number): string =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  const rate = ((latencies.length / wallMs) * 1000).toFixed(0);
  return `${label.padEnd(34)} ${String(latencies.length).padStart(5)} ops  ${rate.padStart(5)}/s  p50 ${at(0.5)} ms  p99 ${at(0.99)} ms`;
}

async function timed(n: number, c: number, task: (i: number) => Promise<void>): Promise<[number[], number]> {
  const started = performance.now();
  const latencies = await load(n, c, task);
  return [latencies, performance.now() - started];
}

async function expectStatus(res: Response, status: number): Promise<Response> {
  if (res.status !== status) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return res;
}

export const bench = {
  name: 'api: orders over HTTP, then published by the relay',
  async run(orders = 1_000, concurrency = 16): Promise<void> {
    const vhost = await createTestVhost('api_bench');
    const t = await createTestDatabase('api_bench');
    let app: INestApplication | undefined;
    try {
      app = await NestFactory.create(
        ApiModule.forRoot({ amqpUrl: vhost.amqpUrl, mongoUrl: t.mongoUrl, database: t.name }),
        { logger: ['error', 'warn'] },
      );
      await app.listen(0, '127.0.0.1');
      const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const post = (path: string, body: unknown): Promise<Response> =>
        fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });

      const service = app.get(OrdersService);
      const [direct, directMs] = await timed(orders, concurrency, async () => {
        await service.place(PLACE);
      });
      const ids: string[] = [];
      const [placed, placedMs] = await timed(orders, concurrency, async () => {
        const res = await expectStatus(await post('/orders', PLACE), 201);
        ids.push(((await res.json()) as { orderId: string }).orderId);
      });
      const [confirmed, confirmedMs] = await timed(orders, concurrency, async (i) => {
        await expectStatus(await post(`/orders/${ids[i]}/confirm`, {}), 200);
      });
      // The baseline again, on the grown collections and with the relay busy, to separate HTTP's cost
      // from the store's.
      const [directAgain, directAgainMs] = await timed(orders, concurrency, async () => {
        await service.place(PLACE);
      });
      const commandsDone = performance.now();

      let outbox: { undispatched: number; publishedCommits: number; lagP50Seconds: number | null };
      for (;;) {
        const health = (await (await fetch(`${base}/health`)).json()) as {
          details: { outbox: typeof outbox };
        };
        outbox = health.details.outbox;
        if (outbox.undispatched === 0 && outbox.publishedCommits >= 4 * orders) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const drainMs = performance.now() - commandsDone;
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const lagSum = Number(/^switchyard_outbox_commit_publish_lag_seconds_sum (\S+)$/m.exec(metrics)?.[1]);

      process.stdout.write(
        [
          `orders=${orders} concurrency=${concurrency}`,
          summary('place, in-process (baseline)', direct, directMs),
          summary('POST /orders', placed, placedMs),
          summary('POST /orders/:id/confirm', confirmed, confirmedMs),
          summary('place, in-process (baseline, again)', directAgain, directAgainMs),
          `outbox: ${outbox.publishedCommits} commits published; drained ${drainMs.toFixed(0)} ms after the last command; ` +
            `lag p50 bucket ≤ ${outbox.lagP50Seconds ?? '?'} s, mean ${((lagSum / outbox.publishedCommits) * 1000).toFixed(0)} ms`,
          '',
        ].join('\n'),
      );
    } finally {
      await app?.close();
      await vhost.delete();
      await t.drop();
    }
  },
};

if (require.main === module) {
  const [orders, concurrency] = process.argv.slice(2).map(Number);
  bench.run(orders || undefined, concurrency || undefined).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}

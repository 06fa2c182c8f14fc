import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { getMongoEventStore, type EventStore } from '@switchyard/event-store';
import { HEADERS } from '@switchyard/messaging';
import { sequenceAll, useTestEnvironment, waitFor } from '@switchyard/testing';
import { exampleEventRegistry, exampleOrderPlaced, EXAMPLE_TOPOLOGY } from '@switchyard/examples';
import { declareTopology, planTopology } from '@switchyard/messaging/topology';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

const { vhost, database: t } = useTestEnvironment('republish');

describe('events republish (CLI) against the real broker and database', () => {
  let store: EventStore;
  let conn: ChannelModel;
  let ch: Channel;

  const cli = (...args: string[]) =>
    run(
      process.execPath,
      ['bin/switchyard.js', 'events', 'republish', '--vhost', vhost.name, '--database', t.name, ...args],
      {
        cwd: ROOT,
        env: { ...process.env, MONGO_URL: t.mongoUrl },
      },
    );

  /**
   * Every message now in each queue of the example topology, consumed: as many from each queue as the
   * broker counts there (the CLI has exited, its publishes confirmed, so the counts are final). Queues are
   * subscribed to, since basic.get is not allowed on the single-active-consumer partition queues.
   */
  async function takeAll(): Promise<Map<string, { id: string; stream: string; key: string }[]>> {
    const out = new Map<string, { id: string; stream: string; key: string }[]>();
    for (const q of planTopology(EXAMPLE_TOPOLOGY).queues) {
      const { messageCount } = await ch.checkQueue(q.name);
      if (messageCount === 0) continue;
      const rows: { id: string; stream: string; key: string }[] = [];
      const { consumerTag } = await ch.consume(
        q.name,
        (m) => {
          if (!m) return;
          const h = m.properties.headers ?? {};
          rows.push({
            id: String(m.properties.messageId),
            stream: String(h[HEADERS.stream]),
            key: String(h[HEADERS.originalRoutingKey]),
          });
        },
        { noAck: true },
      );
      try {
        await waitFor(() => rows.length >= messageCount, {
          what: `the ${messageCount} message(s) the broker counts on ${q.name}`,
          timeoutMs: 10_000,
        });
      } finally {
        await ch.cancel(consumerTag);
      }
      out.set(q.name, rows);
    }
    return out;
  }

  beforeAll(async () => {
    store = getMongoEventStore(t.db, exampleEventRegistry());
    conn = await amqp.connect(vhost.amqpUrl);
    const setup = await conn.createConfirmChannel();
    await declareTopology(setup, EXAMPLE_TOPOLOGY);
    await setup.close();
    ch = await conn.createChannel();

    // Given an order that was placed, confirmed and cancelled, and a payment that was captured
    const placed = exampleOrderPlaced({ orderId: 'r-1' });
    await store.append('order-r-1', [
      { type: 'order.placed', data: placed },
      { type: 'order.confirmed', data: { orderId: 'r-1' } },
      { type: 'order.cancelled', data: { orderId: 'r-1', reason: 'test' } },
    ]);
    await store.append('payment-r-1', [
      {
        type: 'payment.captured',
        data: { paymentId: 'p-1', orderId: 'r-1', amount: '3.50', currency: 'EUR' },
      },
    ]);
    // Republish reads sequenced commits only (no relay runs here to sequence them)
    await sequenceAll(store);
  });

  afterAll(async () => {
    await conn?.close();
  });

  it("sends one stream's matching events to one consumer's queue only", async () => {
    // When order-r-1 is republished to payments.orders
    const { stdout } = await cli('--consumer', 'payments.orders', '--stream', 'order-r-1');

    // Then payments.orders gets placed and cancelled (its bindings), in order, and no other queue gets anything
    expect(stdout).toContain(
      'republished 2 event(s) to payments.orders (1 not matching its bindings skipped)',
    );
    const got = await takeAll();
    expect([...got.keys()]).toEqual(['payments.orders']);
    expect(got.get('payments.orders')!.map((m) => m.key)).toEqual(['order.placed', 'order.cancelled']);
  });

  it('sends every event from a checkpoint to a partitioned consumer, each stream on one partition', async () => {
    const { stdout } = await cli('--consumer', 'reporting.projections', '--from-position', '1');
    expect(stdout).toContain('republished 4 event(s) to reporting.projections');
    const got = await takeAll();
    const queues = [...got.keys()];
    expect(queues.every((q) => q.startsWith('reporting.projections.p'))).toBe(true);
    const all = [...got.values()].flat();
    expect(all).toHaveLength(4);
    for (const stream of ['order-r-1', 'payment-r-1']) {
      expect(new Set(queues.filter((q) => got.get(q)!.some((m) => m.stream === stream))).size).toBe(1);
    }
  });

  it('refuses an unknown consumer or a missing selection with a message and a non-zero exit', async () => {
    await expect(cli('--consumer', 'nobody.here', '--stream', 'order-r-1')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown consumer "nobody.here"'),
    });
    await expect(cli('--consumer', 'payments.orders')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--stream <stream> or --from-position <n>'),
    });
    expect((await takeAll()).size).toBe(0);
  });

  it('decodes with the registry a --registry module gives, and refuses a file that gives none', async () => {
    // A registry of the orders contracts only: the orders stream goes out
    const { stdout } = await cli(
      '--consumer',
      'payments.orders',
      '--stream',
      'order-r-1',
      '--registry',
      'libs/outbox/test/fixtures/orders-only-registry.ts',
    );
    expect(stdout).toContain('republished 2 event(s) to payments.orders');
    expect((await takeAll()).get('payments.orders')).toHaveLength(2);
    // A module without a registry: one line naming the file, a non-zero exit, nothing sent
    await expect(
      cli(
        '--consumer',
        'payments.orders',
        '--stream',
        'order-r-1',
        '--registry',
        'libs/outbox/test/fixtures/no-registry.ts',
      ),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no-registry.ts exports no event registry'),
    });
    expect((await takeAll()).size).toBe(0);
  });
});

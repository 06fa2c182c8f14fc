import { execFileSync } from 'node:child_process';
import type { ChannelModel } from 'amqplib';
import { getMongoEventStore, type EventStore } from '@switchyard/event-store';
import { AmqpConnection, EventPublisher } from '@switchyard/messaging';
import { useTestEnvironment, waitFor } from '@switchyard/testing';
import { RelayLease } from '../src/lease/relay-lease';
import { OutboxMetrics } from '../src/metrics/outbox-metrics';
import { eventStoreOutbox } from '../src/relay/event-store-outbox';
import { OutboxRelay } from '../src/relay/outbox-relay';
import { declareWatchQueue, takeQueued, firstArrivalOrder } from './outbox-test-kit';
import { exampleEventRegistry } from '@switchyard/examples';

const WATCH = 'audit.broker_down';

function rabbitmqctl(...args: string[]): void {
  execFileSync('rabbitmqctl', ['-q', ...args], { stdio: 'ignore', timeout: 60_000 });
}

const { vhost, database: t } = useTestEnvironment('outbox_broker_down');

describe('outbox relay while the broker is down', () => {
  let store: EventStore;
  let conn: ChannelModel | undefined;
  // Whatever the test reaches, afterEach stops these, so a failure never leaves timers running.
  let relay: OutboxRelay | undefined;
  let publisher: EventPublisher | undefined;
  let connection: AmqpConnection | undefined;

  beforeAll(async () => {
    store = getMongoEventStore(t.db, exampleEventRegistry());
    await store.ensureIndexes();
    conn = await declareWatchQueue(vhost.amqpUrl, ['orders'], WATCH);
  });

  afterEach(async () => {
    rabbitmqctl('start_app'); // whatever happened, leave the broker running
    await relay?.stop().catch(() => undefined);
    await publisher?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    relay = publisher = connection = undefined;
  });

  afterAll(async () => {
    await conn?.close().catch(() => undefined);
  });

  it('keeps accepting appends for 10 s without a broker, then publishes everything in stream order', async () => {
    // Given a running relay
    connection = new AmqpConnection({
      urls: vhost.amqpUrl,
      reconnectMinSeconds: 0.5,
      reconnectMaxSeconds: 1,
    });
    publisher = new EventPublisher(connection, { publishTimeoutMs: 5_000 });
    const registry = exampleEventRegistry();
    relay = new OutboxRelay(
      eventStoreOutbox(store),
      publisher,
      registry,
      new RelayLease(t.db, { holder: 'solo', ttlMs: 60_000 }),
      new OutboxMetrics(),
      { sweepIntervalMs: 200 },
    );
    await relay.start();
    await conn!.close().catch(() => undefined);
    conn = undefined;
    const streams = ['order-bd-1', 'order-bd-2', 'order-bd-3'];
    let appended = 0;
    const append = async (): Promise<void> => {
      const s = streams[appended % streams.length]!;
      await store.append(s, [{ type: 'order.confirmed', data: { orderId: `${s}-${appended}` } }]);
      appended++;
    };
    for (let i = 0; i < 6; i++) await append();

    // When the broker is stopped for 10 s while appends go on
    rabbitmqctl('stop_app');
    const downUntil = Date.now() + 10_000;
    while (Date.now() < downUntil) {
      await append(); // Then every append still succeeds
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await store.countUndispatched()).toBeGreaterThan(0);
    rabbitmqctl('start_app');

    // Then, once it is back, every event is published
    await waitFor(async () => (await store.countUndispatched()) === 0, {
      what: 'all commits to be dispatched',
      timeoutMs: 60_000,
    });
    await relay.stop();

    // And in per-stream order, none missing
    const { default: amqp } = await import('amqplib');
    conn = await amqp.connect(vhost.amqpUrl);
    const ch = await conn.createChannel();
    const order = firstArrivalOrder(await takeQueued(ch, WATCH));
    let total = 0;
    for (const s of streams) {
      const revisions = order.get(s) ?? [];
      total += revisions.length;
      expect(revisions).toEqual(Array.from({ length: revisions.length }, (_, i) => i));
    }
    expect(total).toBe(appended);
    await ch.close();
  });
});

import type { ChannelModel } from 'amqplib';
import { getMongoEventStore, type EventStore } from '@switchyard/event-store';
import { AmqpConnection, EventPublisher } from '@switchyard/messaging';
import { useTestEnvironment, waitFor } from '@switchyard/testing';
import { OutboxMetrics } from '../src/metrics/outbox-metrics';
import { RelayLease } from '../src/lease/relay-lease';
import { eventStoreOutbox } from '../src/relay/event-store-outbox';
import { OutboxRelay } from '../src/relay/outbox-relay';
import { declareWatchQueue, takeQueued, duplicatesIn, firstArrivalOrder } from './outbox-test-kit';
import { exampleEventRegistry } from '@switchyard/examples';

const WATCH = 'audit.load';
const STREAMS = 40;
const ROUNDS = 8;

const { vhost, database: t } = useTestEnvironment('outbox_load', { per: 'test' });

describe('outbox relay under load (real broker and database)', () => {
  let watch: ChannelModel | undefined;
  let connection: AmqpConnection | undefined;
  let publisher: EventPublisher | undefined;
  let relay: OutboxRelay | undefined;

  beforeEach(async () => {
    watch = await declareWatchQueue(vhost.amqpUrl, ['orders'], WATCH);
  });

  afterEach(async () => {
    await relay?.stop();
    await publisher?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await watch?.close().catch(() => undefined);
  });

  it('keeps every stream in order, seen from a queue bound with #, while 4 writers append at once', async () => {
    // Given a relay with a small confirm window, so it is full most of the time
    const registry = exampleEventRegistry();
    const relayStore = getMongoEventStore(t.db, registry);
    await relayStore.ensureIndexes();
    connection = new AmqpConnection({ urls: vhost.amqpUrl, name: 'load-relay' });
    publisher = new EventPublisher(connection, { publishTimeoutMs: 30_000 });
    relay = new OutboxRelay(
      eventStoreOutbox(relayStore),
      publisher,
      registry,
      new RelayLease(t.db, { holder: 'load', ttlMs: 60_000 }),
      new OutboxMetrics(),
      { sweepIntervalMs: 50, publishWindow: 8, batchSize: 50, sequenceBatchSize: 40 },
    );
    await relay.start();

    // When 4 independent stores (as 4 API replicas) append to 40 streams at once, 1 or 2 events a commit
    const writers: EventStore[] = Array.from({ length: 4 }, () => getMongoEventStore(t.db, registry));
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        Array.from({ length: STREAMS }, (_, s) => {
          const confirmed = { type: 'order.confirmed', data: { orderId: `${s}-${round}` } };
          return writers[s % 4]!.append(
            `order-load-${s}`,
            round % 3 === 0 ? [confirmed, confirmed] : [confirmed],
            {
              expectedRevision: round === 0 ? 'noStream' : 'streamExists',
            },
          );
        }),
      );
    }

    // Then the relay publishes all of it
    await waitFor(async () => (await relayStore.countUndispatched()) === 0, {
      what: 'every commit dispatched',
      timeoutMs: 60_000,
    });
    // (stopped, the relay publishes nothing more: what the queue holds now is every copy it sent)
    await relay.stop();
    const ch = await watch!.createChannel();
    const received = await takeQueued(ch, WATCH);
    await ch.close();

    // And every stream's events arrived in revision order, none missing
    const perStream = Array.from({ length: ROUNDS }, (_, r): number => (r % 3 === 0 ? 2 : 1)).reduce(
      (a, b) => a + b,
      0,
    );
    const order = firstArrivalOrder(received);
    // One relay and no fault: every event exactly once
    expect(duplicatesIn(received)).toBe(0);
    expect(order.size).toBe(STREAMS);
    for (let s = 0; s < STREAMS; s++) {
      expect(order.get(`order-load-${s}`)).toEqual(Array.from({ length: perStream }, (_, i) => i));
    }
  });
});

import type { ChannelModel } from 'amqplib';
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { getMongoEventStore } from '@switchyard/event-store';
import { AmqpConnection, EventPublisher } from '@switchyard/messaging';
import { useTestEnvironment, waitFor } from '@switchyard/testing';
import { OutboxMetrics } from '../src/metrics/outbox-metrics';
import { RelayLease } from '../src/lease/relay-lease';
import { eventStoreOutbox } from '../src/relay/event-store-outbox';
import { OutboxRelay } from '../src/relay/outbox-relay';
import { declareWatchQueue, takeQueued, duplicatesIn, firstArrivalOrder } from './outbox-test-kit';
import { exampleEventRegistry } from '@switchyard/examples';

const WATCH = 'audit.fast';
const STREAMS = 6;
const ROUNDS = 5;

const { vhost, database: t } = useTestEnvironment('outbox_fast', { per: 'test' });

/** Commits appended in the relay's own process, with no backlog: the fast path. */
describe('outbox relay fast path (real broker and database)', () => {
  let client: MongoClient | undefined;
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
    await client?.close();
  });

  it('publishes fresh commits in stream order with one update each: the stamp marks them dispatched', async () => {
    // Given a relay whose store also takes the appends (as in the API process), with commands counted
    client = await new MongoClient(t.mongoUrl, { monitorCommands: true }).connect();
    const registry = exampleEventRegistry();
    const store = getMongoEventStore(client.db(t.name), registry);
    await store.ensureIndexes();
    connection = new AmqpConnection({ urls: vhost.amqpUrl, name: 'fast-relay' });
    publisher = new EventPublisher(connection);
    relay = new OutboxRelay(
      eventStoreOutbox(store),
      publisher,
      registry,
      new RelayLease(client.db(t.name), { holder: 'fast', ttlMs: 60_000 }),
      new OutboxMetrics(),
      // No sweep during the test: every round is driven by an append.
      { sweepIntervalMs: 600_000 },
    );
    await relay.start();
    await waitFor(async () => relay!.status().leader, { what: 'the relay to lead', timeoutMs: 30_000 });
    // A first commit, published whichever way the relay's first round takes, leaves no backlog behind
    await store.append('order-fast-warm', [{ type: 'order.confirmed', data: { orderId: 'warm' } }]);
    await waitFor(async () => (await store.countUndispatched()) === 0, {
      what: 'the first commit dispatched',
      timeoutMs: 30_000,
    });
    const updates: CommandStartedEvent[] = [];
    client.on('commandStarted', (e) => {
      if (e.commandName === 'update' && e.command.update === 'commits') updates.push(e);
    });

    // When 6 streams get 5 commits each, a round of appends at a time
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        Array.from({ length: STREAMS }, (_, s) =>
          store.append(`order-fast-${s}`, [{ type: 'order.confirmed', data: { orderId: `${s}-${round}` } }], {
            expectedRevision: round === 0 ? 'noStream' : round - 1,
          }),
        ),
      );
    }
    await waitFor(async () => (await store.countUndispatched()) === 0, {
      what: 'every commit dispatched',
      timeoutMs: 30_000,
    });

    // Then every commit got exactly one update, a stamp that also set dispatched
    const statements = updates.flatMap(
      (u) => u.command.updates as { q: { _id: string }; u: { $set: Record<string, unknown> } }[],
    );
    const perCommit = new Map<string, number>();
    for (const st of statements) perCommit.set(st.q._id, (perCommit.get(st.q._id) ?? 0) + 1);
    expect(perCommit.size).toBe(STREAMS * ROUNDS);
    expect([...perCommit.values()].every((n) => n === 1)).toBe(true);
    expect(statements.every((st) => st.u.$set.dispatched === true && st.u.$set.sequenced === true)).toBe(
      true,
    );

    // And every stream arrived in revision order, none missing
    // (stopped, the relay publishes nothing more: what the queue holds now is every copy it sent)
    await relay.stop();
    const ch = await watch!.createChannel();
    const received = await takeQueued(ch, WATCH);
    expect(duplicatesIn(received)).toBe(0);
    const order = firstArrivalOrder(received);
    await ch.close();
    order.delete('order-fast-warm');
    expect(order.size).toBe(STREAMS);
    for (let s = 0; s < STREAMS; s++)
      expect(order.get(`order-fast-${s}`)).toEqual(Array.from({ length: ROUNDS }, (_, i) => i));
  });
});

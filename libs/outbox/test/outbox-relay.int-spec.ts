import { randomUUID } from 'node:crypto';
import type { ChannelModel } from 'amqplib';
import { getMongoEventStore, type EventStore } from '@switchyard/event-store';
import { MongoInbox } from '@switchyard/mongodb';
import { useTestEnvironment, waitFor } from '@switchyard/testing';
import {
  declareWatchQueue,
  takeQueued,
  duplicatesIn,
  firstArrivalOrder,
  spawnRelay,
  type Received,
} from './outbox-test-kit';
import { exampleEventRegistry } from '@switchyard/examples';

const WATCH = 'audit.everything';

const { vhost, database: t } = useTestEnvironment('outbox_relay');

describe('outbox relay processes against the real broker and database', () => {
  let store: EventStore;
  let conn: ChannelModel;
  let relayEnv: Record<string, string>;

  beforeAll(async () => {
    store = getMongoEventStore(t.db, exampleEventRegistry());
    await store.ensureIndexes();
    conn = await declareWatchQueue(vhost.amqpUrl, ['orders', 'payments'], WATCH);
    relayEnv = { AMQP_URL: vhost.amqpUrl, MONGO_URL: t.mongoUrl, DB_NAME: t.name };
  });

  afterAll(async () => {
    await conn?.close();
  });

  it('publishes a commit again after a crash between publish and mark, and the inbox applies it once', async () => {
    const ch = await conn.createChannel();
    // Given a relay that will be killed (SIGKILL) right after its publish is confirmed, before the mark
    const doomed = await spawnRelay({ ...relayEnv, HOLDER: 'doomed', CRASH_AFTER_PUBLISH: '1' });

    // When an order is confirmed
    const eventId = randomUUID();
    await store.append('order-crash', [{ type: 'order.confirmed', data: { orderId: 'crash' }, eventId }], {
      expectedRevision: 'noStream',
    });

    // Then the relay dies after publishing, leaving the commit undispatched
    expect((await doomed.exited).signal).toBe('SIGKILL');
    expect(await store.countUndispatched()).toBe(1);

    // And a restarted relay (after the dead holder's lease expires) publishes it again and marks it
    const heir = await spawnRelay({ ...relayEnv, HOLDER: 'heir' });
    await waitFor(async () => (await store.countUndispatched()) === 0, {
      what: 'the commit to be dispatched',
      timeoutMs: 30_000,
    });
    heir.child.kill('SIGTERM');
    await heir.exited;

    const received = await takeQueued(ch, WATCH);
    expect(received.map((r) => r.messageId)).toEqual([eventId, eventId]);

    // And a consumer's inbox makes the net effect happen once
    const inbox = new MongoInbox(t.db);
    await inbox.ensureIndexes();
    const outcomes = [];
    for (const r of received) outcomes.push(await inbox.record({ consumer: WATCH, messageId: r.messageId }));
    expect(outcomes).toEqual(['recorded', 'duplicate']);
    await ch.close();
  });

  it('two relays on one store publish every commit in stream order, even when the leader is killed, and positions stay dense', async () => {
    const ch = await conn.createChannel();
    // Given two relay processes on the same store
    const a = await spawnRelay({ ...relayEnv, HOLDER: 'relay-a' });
    const b = await spawnRelay({ ...relayEnv, HOLDER: 'relay-b' });

    // When 10 streams get 12 events each, concurrently, and relay a is killed halfway through
    const streams = Array.from({ length: 10 }, (_, i) => `order-two-${i}`);
    const appendRound = (round: number) =>
      Promise.all(
        streams.map((s) =>
          store.append(s, [{ type: 'order.confirmed', data: { orderId: `${s}-${round}` } }], {
            expectedRevision: round === 0 ? 'noStream' : round - 1,
          }),
        ),
      );
    for (let round = 0; round < 6; round++) await appendRound(round);
    a.child.kill('SIGKILL');
    for (let round = 6; round < 12; round++) await appendRound(round);

    // Then every commit is dispatched
    await waitFor(async () => (await store.countUndispatched()) === 0, {
      what: 'all commits to be dispatched',
      timeoutMs: 45_000,
    });
    b.child.kill('SIGTERM');
    await Promise.all([a.exited, b.exited]);

    // And every event arrived, each stream in revision order
    const received = await takeQueued(ch, WATCH);
    const order = firstArrivalOrder(received);
    // Copies come only from what relay a may have published and not marked before it was killed (rounds
    // 0-5); what was appended after the kill had one relay, so it arrived once: never everything twice
    const copies = new Map<string, Received[]>();
    for (const r of received) copies.set(r.messageId, [...(copies.get(r.messageId) ?? []), r]);
    const repeated = [...copies.values()].filter((c) => c.length > 1).map((c) => c[0]!);
    expect(repeated.every((r) => r.revision < 6)).toBe(true);
    expect(duplicatesIn(received)).toBe(repeated.length);
    expect([...order.keys()].sort()).toEqual([...streams].sort());
    for (const s of streams) expect(order.get(s)).toEqual(Array.from({ length: 12 }, (_, i) => i));

    // And the sequencing handed over with the lease: positions 1..n (the first test's commit included),
    // no gap, no repeat, each stream in revision order
    const all = (await store.readAll({ limit: 10_000 })).commits;
    expect(all.map((c) => c.position)).toEqual(all.map((_, i) => i + 1));
    expect(all).toHaveLength(121);
    for (const s of streams) {
      expect(all.filter((c) => c.stream === s).map((c) => c.revision)).toEqual(
        Array.from({ length: 12 }, (_, i) => i),
      );
    }
    await ch.close();
  });
});

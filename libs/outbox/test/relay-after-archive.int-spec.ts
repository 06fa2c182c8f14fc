import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AggregateRepository,
  archiveEvents,
  getMongoEventStore,
  isHistoryArchivedError,
  type EventStore,
} from '@switchyard/event-store';
import { exampleEventRegistry, exampleOrderPlaced, Order } from '@switchyard/examples';
import { AmqpConnection, EventPublisher } from '@switchyard/messaging';
import { collectPublished, useTestEnvironment, waitFor, type PublishedCollector } from '@switchyard/testing';
import type { ChannelModel } from 'amqplib';
import { RelayLease } from '../src/lease/relay-lease';
import { OutboxMetrics } from '../src/metrics/outbox-metrics';
import { eventStoreOutbox } from '../src/relay/event-store-outbox';
import { OutboxRelay } from '../src/relay/outbox-relay';
import { declareWatchQueue } from './outbox-test-kit';

/**
 * Archiving leaves holes in the global positions (archived commits are gone, their claims stay). The
 * relay (sequencer and publisher), a new relay taking over (its sequencer recovers over the holes) and
 * read-all readers must all keep going past them.
 */
const env = useTestEnvironment('outbox_archive');

describe('outbox relay and read-all readers after an archive (real broker and database)', () => {
  let store: EventStore;
  let orders: AggregateRepository<Order>;
  let dir: string;
  let watch: ChannelModel;
  let published: PublishedCollector;
  const relays: { relay: OutboxRelay; connection: AmqpConnection; publisher: EventPublisher }[] = [];

  const startRelay = async (holder: string) => {
    const connection = new AmqpConnection({ urls: env.amqpUrl, name: `relay-${holder}` });
    const publisher = new EventPublisher(connection, { publishTimeoutMs: 10_000 });
    const relay = new OutboxRelay(
      eventStoreOutbox(store),
      publisher,
      exampleEventRegistry(),
      new RelayLease(env.database.db, { holder, ttlMs: 60_000 }),
      new OutboxMetrics(),
      { sweepIntervalMs: 50 },
    );
    relays.push({ relay, connection, publisher });
    await relay.start();
    return relay;
  };
  const allPublished = (what: string) =>
    waitFor(async () => (await store.countUndispatched()) === 0, { what, timeoutMs: 60_000 });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sy-relay-archive-'));
    store = getMongoEventStore(env.database.db, exampleEventRegistry());
    await store.ensureIndexes();
    watch = await declareWatchQueue(env.amqpUrl, ['orders'], 'audit.orders');
    published = await collectPublished(env.amqpUrl, ['orders']);
    orders = new AggregateRepository(store, {
      create: (id) => new Order(id),
      snapshots: { every: 2, schemaVersion: 1 },
    });
  });

  afterAll(async () => {
    for (const r of relays) {
      await r.relay.stop();
      await r.publisher.close().catch(() => undefined);
      await r.connection.close().catch(() => undefined);
    }
    await published?.close();
    await watch?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps sequencing and publishing past the archived positions, and readers past the archive read on', async () => {
    // Given a relay that published 6 orders, 4 of them confirmed (snapshot at revision 1)
    const first = await startRelay('first');
    const ids = ['o-1', 'o-2', 'o-3', 'o-4', 'o-5', 'o-6'];
    for (const id of ids) {
      const o = new Order(id);
      o.place(exampleOrderPlaced({ customerId: `c-${id}` }));
      await orders.create(o);
    }
    for (const id of ids.slice(0, 4)) await orders.execute(id, (o) => o.confirm());
    await allPublished('the first 10 commits published');
    // And a reader that has read everything (its checkpoint is past what will be archived)
    let page = await store.readAll({ limit: 4 });
    while (!page.isEnd) page = await store.readAll({ fromPosition: page.nextPosition, limit: 4 });
    let checkpoint = page.nextPosition;
    expect(checkpoint).toBe(11);

    // When the history up to the snapshots is archived while the relay runs
    const archived = await archiveEvents(store, {
      before: { position: checkpoint },
      file: join(dir, 'a.ndjson'),
    });
    expect(archived).toMatchObject({ streams: 4, commits: 8 });

    // Then new commits are sequenced after the holes and published, in order per stream
    for (const id of ids.slice(0, 4)) await orders.execute(id, (o) => o.ship('ups', `T-${id}`));
    await orders.execute('o-5', (o) => o.confirm());
    await allPublished('the commits after the archive published');
    await published.expectPublished('order.shipped', { count: 4, timeoutMs: 30_000 });
    await published.expectPublished((m) => m.type === 'order.confirmed' && m.stream === 'order-o-5', {
      timeoutMs: 30_000,
    });

    // And the reader past the archive reads them, dense, from its checkpoint
    const next = await store.readAll({ fromPosition: checkpoint });
    expect(next.commits.map((c) => c.position)).toEqual([11, 12, 13, 14, 15]);
    expect(next.isEnd).toBe(true);
    checkpoint = next.nextPosition;
    // A reader from the start is told about the archive, or steps over it when it asks to
    expect(isHistoryArchivedError(await store.readAll().catch((e: unknown) => e))).toBe(true);
    const skipping = await store.readAll({ archived: 'skip' });
    expect(skipping.commits.map((c) => [c.stream, c.revision])).toEqual([
      ['order-o-5', 0],
      ['order-o-6', 0],
      ['order-o-1', 2],
      ['order-o-2', 2],
      ['order-o-3', 2],
      ['order-o-4', 2],
      ['order-o-5', 1],
    ]);
    expect(skipping.archivedSkipped).toBe(8);

    // When another relay takes over (its sequencer recovers from scratch, over the holes)
    await first.stop();
    await startRelay('second');
    await orders.execute('o-6', (o) => o.confirm());
    await orders.execute('o-5', (o) => o.cancel('returned'));
    await allPublished('the commits after the hand-over published');
    await published.expectPublished('order.cancelled', { timeoutMs: 30_000 });
    const after = await store.readAll({ fromPosition: checkpoint });
    expect(after.commits.map((c) => [c.position, c.stream])).toEqual([
      [16, 'order-o-6'],
      [17, 'order-o-5'],
    ]);
    // Each event was published once
    const ids2 = published.messages().map((m) => m.messageId);
    expect(new Set(ids2).size).toBe(ids2.length);
    expect(ids2).toHaveLength(17);
  }, 180_000);
});

import fc from 'fast-check';
import { useTestDatabase } from '@switchyard/testing';
import {
  AggregateRepository,
  derivedEventId,
  getMongoEventStore,
  isAggregateExistsError,
  isAggregateNotFoundError,
  isWrongExpectedRevisionError,
  streamName,
  type EventStore,
} from '@switchyard/event-store';
import { Counter, type CounterState } from './test-counter.aggregate';
import { testRegistry } from './test-contracts';
import { Order } from '@switchyard/examples';

const database = useTestDatabase('es_aggregates');

describe('aggregates and snapshots (real DB)', () => {
  let store: EventStore;
  let ids = 0;
  const nextId = (): string => `c${++ids}`;

  beforeAll(async () => {
    store = getMongoEventStore(database.db, testRegistry());
    await store.ensureIndexes();
  });

  const repo = (every?: number, schemaVersion = 1) =>
    new AggregateRepository<Counter, CounterState>(store, {
      create: (id) => new Counter(id),
      snapshots: every === undefined ? undefined : { every, schemaVersion },
    });

  it('property: state from snapshot + tail equals state from a full replay', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 7 }),
        // batches of increments, each batch saved as one commit
        fc.array(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 12,
        }),
        async (every, batches) => {
          const id = nextId();
          const withSnapshots = repo(every);
          // When the batches are saved one by one through the repository (snapshots taken on the way)
          for (const batch of batches) {
            const counter = await withSnapshots.load(id);
            for (const by of batch) counter.increment(by);
            await withSnapshots.save(counter);
          }
          // Then loading from the snapshot + tail gives the same state and version as a full replay
          const { aggregate: fromSnapshot, stats } = await withSnapshots.loadWithStats(id);
          const full = await repo().load(id);
          expect(fromSnapshot.state).toEqual(full.state);
          expect(fromSnapshot.version).toBe(full.version);
          expect(full.state.count).toBe(batches.flat().length);
          // And when a snapshot was used, only the tail after it was replayed
          const eventCount = batches.flat().length;
          if (eventCount >= every) {
            expect(stats.snapshotRevision).toBeDefined();
            expect(stats.replayedEvents).toBe(full.version - stats.snapshotRevision!);
          } else {
            expect(stats).toEqual({ snapshotRevision: undefined, replayedEvents: eventCount });
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('loads the latest snapshot and only the tail after it', async () => {
    const id = nextId();
    const repository = repo(10);
    for (let i = 1; i <= 25; i++) {
      const c = await repository.load(id);
      c.increment(i);
      await repository.save(c);
    }
    const { aggregate, stats } = await repository.loadWithStats(id);
    expect(stats).toEqual({ snapshotRevision: 19, replayedEvents: 5 });
    expect(aggregate.state.total).toBe((25 * 26) / 2);
    expect(aggregate.version).toBe(24);
  });

  it('a snapshot with another schema version is ignored, and a fresh one is written', async () => {
    const id = nextId();
    const v1 = repo(5, 1);
    const c = await v1.load(id);
    for (let i = 0; i < 12; i++) c.increment(2);
    await v1.save(c);
    expect((await store.readLatestSnapshot(streamName('counter', id)))?.schemaVersion).toBe(1);
    // When the state's shape changed (schema version 2)
    const v2 = repo(5, 2);
    const first = await v2.loadWithStats(id);
    // Then the stale snapshot is ignored: the whole stream is replayed
    expect(first.stats).toEqual({ snapshotRevision: undefined, replayedEvents: 12 });
    expect(first.aggregate.state.total).toBe(24);
    // And a v2 snapshot now serves the next load
    const second = await v2.loadWithStats(id);
    expect(second.stats).toEqual({ snapshotRevision: 11, replayedEvents: 0 });
    expect(second.aggregate.state).toEqual(first.aggregate.state);
  });

  it('a large snapshot interval: a load 35 commits past the snapshot replays exactly those, to the full state', async () => {
    const id = nextId();
    const withSnapshots = repo(100);
    // Given 135 one-event saves: a snapshot is taken when the stream crosses revision 99
    for (let i = 1; i <= 135; i++) await withSnapshots.execute(id, (c) => c.increment(i));
    // When it is loaded
    const { aggregate, stats } = await withSnapshots.loadWithStats(id);
    // Then it starts from the snapshot and replays the 35 commits after it, to the state a full replay gives
    expect(stats).toEqual({ snapshotRevision: 99, replayedEvents: 35 });
    const full = await repo().load(id);
    expect(aggregate.version).toBe(134);
    expect(aggregate.state).toEqual(full.state);
    expect(aggregate.state.total).toBe((135 * 136) / 2);
  });

  it('an aggregate whose commits past the snapshot predate revision buckets: a load 35 past it replays exactly those', async () => {
    const id = nextId();
    const withSnapshots = repo(100);
    // Given 135 one-event saves, a snapshot at revision 99, and the 35 commits after it written as an
    // older version did, without revisionBucket (so the tail is followed revision by revision, past one
    // batch of look-ups)
    for (let i = 1; i <= 135; i++) await withSnapshots.execute(id, (c) => c.increment(i));
    const commits = database.db.collection<{ _id: string; revision: number }>('commits');
    const tail = (await commits.find({ stream: streamName('counter', id) }).toArray()).filter(
      (d) => d.revision >= 100,
    );
    expect(tail).toHaveLength(35);
    for (const doc of tail) await commits.updateOne({ _id: doc._id }, { $unset: { revisionBucket: '' } });
    // When it is loaded
    const { aggregate, stats } = await withSnapshots.loadWithStats(id);
    // Then it starts from the snapshot and replays the 35 commits after it, to the full state
    expect(stats).toEqual({ snapshotRevision: 99, replayedEvents: 35 });
    expect(aggregate.version).toBe(134);
    expect(aggregate.state.total).toBe((135 * 136) / 2);
  });

  it('save uses the loaded version: a stale aggregate cannot overwrite newer events', async () => {
    const id = nextId();
    const repository = repo();
    const a = await repository.load(id);
    const b = await repository.load(id);
    a.increment(1);
    b.increment(2);
    await repository.save(a);
    const err = await repository.save(b).catch((e: unknown) => e);
    expect(isWrongExpectedRevisionError(err)).toBe(true);
    expect(err).toMatchObject({ stream: `counter-${id}`, expectedRevision: 'noStream', actualRevision: 0 });
    expect((await repository.load(id)).state.total).toBe(1);
  });

  it('execute re-runs a re-decidable command on conflict: 10 concurrent increments all land', async () => {
    const id = nextId();
    const repository = repo(3);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        repository.execute(id, (c) => c.increment(i + 1), { maxAttempts: 20 }),
      ),
    );
    const counter = await repository.load(id);
    expect(counter.state.count).toBe(10);
    expect(counter.state.total).toBe(55);
    expect(counter.version).toBe(9);
  });

  it('execute gives up after maxAttempts and rethrows the conflict', async () => {
    const id = nextId();
    const repository = repo();
    let runs = 0;
    const err = await repository
      .execute(
        id,
        async (c) => {
          runs++;
          // someone else appends between our load and our save, every time
          await store.append(streamName('counter', id), [{ type: 'counter.incremented', data: { by: 1 } }]);
          c.increment(5);
        },
        { maxAttempts: 3 },
      )
      .catch((e: unknown) => e);
    expect(isWrongExpectedRevisionError(err)).toBe(true);
    expect(runs).toBe(3);
  });

  it('execute with an expected revision runs once against exactly it: stale before or during is a conflict', async () => {
    const id = nextId();
    const repository = repo();
    await repository.execute(id, (c) => c.increment(1));
    await repository.execute(id, (c) => c.increment(1));
    // Stale before: the stream is at 1, the caller decided on 0; the command never runs
    let runs = 0;
    const stale = await repository
      .execute(
        id,
        (c) => {
          runs++;
          c.increment(7);
        },
        { expectedRevision: 0 },
      )
      .catch((e: unknown) => e);
    expect(stale).toMatchObject({ expectedRevision: 0, actualRevision: 1 });
    expect(runs).toBe(0);
    // Moved during: someone appends between the load and the save; no re-run
    const during = await repository
      .execute(
        id,
        async (c) => {
          runs++;
          await store.append(streamName('counter', id), [{ type: 'counter.incremented', data: { by: 1 } }]);
          c.increment(7);
        },
        { expectedRevision: 1 },
      )
      .catch((e: unknown) => e);
    expect(isWrongExpectedRevisionError(during)).toBe(true);
    expect(runs).toBe(1);
    // Right: it lands
    const ok = await repository.execute(id, (c) => c.increment(7), { expectedRevision: 2 });
    expect(ok.version).toBe(3);
    expect((await repository.load(id)).state.total).toBe(1 + 1 + 1 + 7);
  });

  it('execute with requireExisting refuses a missing aggregate before looking at the revision', async () => {
    const err = await repo()
      .execute(nextId(), (c) => c.increment(1), { requireExisting: true, expectedRevision: 3 })
      .catch((e: unknown) => e);
    expect(isAggregateNotFoundError(err)).toBe(true);
  });

  it('create answers a retried creation (same events) as replayed, and refuses different ones', async () => {
    const id = nextId();
    const repository = repo();
    const first = new Counter(id);
    first.increment(4);
    expect(await repository.create(first)).toEqual({ revision: 0, replayed: false });
    // The same creation again (a retried request): replayed, nothing stored twice
    const again = new Counter(id);
    again.increment(4);
    expect(await repository.create(again)).toEqual({ revision: 0, replayed: true });
    // Another creation under the same id: refused
    const other = new Counter(id);
    other.increment(5);
    const err = await repository.create(other).catch((e: unknown) => e);
    expect(isAggregateExistsError(err)).toBe(true);
    expect((await store.readStream(streamName('counter', id))).map((e) => e.data)).toEqual([{ by: 4 }]);
  });

  it('an idempotency key makes a repeated command store nothing, also after the stream moved on', async () => {
    const id = nextId();
    const repository = repo();
    const stream = streamName('counter', id);
    const created = new Counter(id);
    created.increment(1);
    await repository.create(created, { idempotencyKey: 'event-a' });
    const once = await repository.execute(id, (c) => c.increment(2), { idempotencyKey: 'event-b' });
    await repository.execute(id, (c) => c.increment(3), { idempotencyKey: 'event-c' });
    // When the first two commands come again (redelivered events), concurrently too
    const again = new Counter(id);
    again.increment(1);
    await repository.create(again, { idempotencyKey: 'event-a' });
    const [repeated] = await Promise.all([
      repository.execute(id, (c) => c.increment(2), { idempotencyKey: 'event-b' }),
      repository.execute(id, (c) => c.increment(2), { idempotencyKey: 'event-b' }),
    ]);
    // Then the stream holds each once, with the derived ids, and a repeat returns the stored state
    const stored = await store.readStream(stream);
    expect(stored.map((e) => [e.eventId, e.data])).toEqual([
      [derivedEventId('event-a', stream, 0), { by: 1 }],
      [derivedEventId('event-b', stream, 0), { by: 2 }],
      [derivedEventId('event-c', stream, 0), { by: 3 }],
    ]);
    expect(once.version).toBe(1);
    expect([repeated!.version, repeated!.state.total, repeated!.uncommittedEvents]).toEqual([2, 6, []]);
  });

  it('the demo Order goes through the repository: place, confirm, ship', async () => {
    const orders = new AggregateRepository(store, {
      create: (id) => new Order(id),
      snapshots: { every: 2, schemaVersion: 1 },
    });
    await orders.execute('o-1', (o) =>
      o.place({
        customerId: 'c-1',
        lines: [{ sku: 'S', quantity: 1, unitPrice: '3.00' }],
        total: '3.00',
        currency: 'EUR',
      }),
    );
    await orders.execute('o-1', (o) => o.confirm());
    await orders.execute('o-1', (o) => o.ship('UPS', '1Z'));
    const order = await orders.load('o-1');
    expect(order.state).toMatchObject({ status: 'shipped', trackingNumber: '1Z', total: '3.00' });
    expect((await store.readStream('order-o-1')).map((e) => e.type)).toEqual([
      'order.placed',
      'order.confirmed',
      'order.shipped',
    ]);
  });
});

import type { Collection, Document } from 'mongodb';
import { useTestDatabase } from '@switchyard/testing';
import {
  AggregateRepository,
  getMongoEventStore,
  streamName,
  type EventStore,
} from '@switchyard/event-store';
import { Counter, type CounterState } from './test-counter.aggregate';
import { testRegistry } from './test-contracts';

/** Writers that do not share a store instance (nor its caches), as separate processes would not. */
const WRITERS = 6;

const database = useTestDatabase('es_snapshots');

describe('snapshots: chain, head hint, legacy documents (real DB)', () => {
  let stores: EventStore[];
  let snapshots: Collection<Document>;

  beforeAll(async () => {
    stores = Array.from({ length: WRITERS }, () => getMongoEventStore(database.db, testRegistry()));
    await stores[0]!.ensureIndexes();
    snapshots = database.db.collection('snapshots');
  });

  /** The chain documents of a stream, generation 1 up to the first missing one. */
  async function chain(stream: string, schemaVersion = 1): Promise<Document[]> {
    const docs: Document[] = [];
    for (let g = 1; ; g++) {
      const doc = await snapshots.findOne({ _id: `${stream}#v${schemaVersion}#g${g}` as never });
      if (!doc) return docs;
      docs.push(doc);
    }
  }

  const head = (stream: string, schemaVersion = 1) =>
    snapshots.findOne({ _id: `${stream}#v${schemaVersion}#head` as never });

  it('concurrent writers: the newest snapshot is the latest, the chain is dense and ascending', async () => {
    for (let round = 0; round < 5; round++) {
      const stream = `race-${round}`;
      // Given revisions in an order that differs per round, each saved by its own writer at once
      const revisions = [13, 7, 41, 29, 3, 35].map((r, i, all) => all[(i + round) % all.length]! + round);
      await Promise.all(
        revisions.map((revision, i) =>
          stores[i % WRITERS]!.saveSnapshot({ stream, revision, schemaVersion: 1, state: { at: revision } }),
        ),
      );
      // Then the reader gets the highest revision, with its own state
      const latest = await stores[0]!.readLatestSnapshot<{ at: number }>(stream, { schemaVersion: 1 });
      expect(latest).toMatchObject({ revision: 41 + round, state: { at: 41 + round }, schemaVersion: 1 });
      // And the chain's generations are 1..n, each one newer than the one before, the last the newest
      const docs = await chain(stream);
      expect(docs.map((d) => d.generation)).toEqual(docs.map((_, i) => i + 1));
      const chainRevisions = docs.map((d) => d.revision as number);
      expect(chainRevisions).toEqual([...new Set(chainRevisions)].sort((a, b) => a - b));
      expect(chainRevisions.at(-1)).toBe(41 + round);
      // And the hint never points past the chain
      expect((await head(stream))?.generation).toBeLessThanOrEqual(docs.length);

      // When older snapshots are saved afterwards, concurrently, nothing moves back
      await Promise.all(
        [5, 40, 41].map((r, i) =>
          stores[i]!.saveSnapshot({ stream, revision: r + round, schemaVersion: 1, state: { at: -1 } }),
        ),
      );
      expect(await chain(stream)).toHaveLength(docs.length);
      expect((await stores[1]!.readLatestSnapshot(stream, { schemaVersion: 1 }))?.revision).toBe(41 + round);
    }
  });

  it('the same snapshot saved by several writers at once is stored once', async () => {
    await Promise.all(
      stores.map((s) => s.saveSnapshot({ stream: 'same', revision: 9, schemaVersion: 1, state: { n: 9 } })),
    );
    expect((await chain('same')).map((d) => d.revision)).toEqual([9]);
  });

  it('a head hint left behind, or lost, still leads to the newest snapshot, and is repaired', async () => {
    const stream = 'hinted';
    for (const revision of [10, 20, 30, 40, 50])
      await stores[0]!.saveSnapshot({ stream, revision, schemaVersion: 1, state: { revision } });
    expect((await head(stream))?.generation).toBe(5);

    // Given a hint that fell behind (two writers' `$max` crossed on FerretDB)
    await snapshots.updateOne({ _id: `${stream}#v1#head` as never }, { $set: { generation: 1 } });
    expect((await stores[1]!.readLatestSnapshot(stream, { schemaVersion: 1 }))?.revision).toBe(50);
    expect((await head(stream))?.generation).toBe(5);

    // Given no hint at all (a writer stopped between its insert and the hint)
    await snapshots.deleteOne({ _id: `${stream}#v1#head` as never });
    expect((await stores[2]!.readLatestSnapshot(stream, { schemaVersion: 1 }))?.revision).toBe(50);
    expect((await head(stream))?.generation).toBe(5);

    // And the next snapshot goes on the chain after the newest one
    await stores[3]!.saveSnapshot({ stream, revision: 60, schemaVersion: 1, state: { revision: 60 } });
    expect((await chain(stream)).map((d) => d.revision)).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('schema versions have separate chains; without a version the newest of any is read', async () => {
    const stream = 'versions';
    await stores[0]!.saveSnapshot({ stream, revision: 30, schemaVersion: 1, state: 'v1' });
    await stores[0]!.saveSnapshot({ stream, revision: 20, schemaVersion: 2, state: 'v2' });
    expect((await stores[0]!.readLatestSnapshot(stream, { schemaVersion: 1 }))?.state).toBe('v1');
    expect((await stores[0]!.readLatestSnapshot(stream, { schemaVersion: 2 }))?.state).toBe('v2');
    expect(await stores[0]!.readLatestSnapshot(stream, { schemaVersion: 3 })).toBeUndefined();
    expect(await stores[0]!.readLatestSnapshot(stream)).toMatchObject({ revision: 30, schemaVersion: 1 });
  });

  describe('snapshot documents written before the chain', () => {
    /** A snapshot document as the store wrote it before the chain existed. */
    const legacy = (stream: string, revision: number, schemaVersion: number, state: unknown) => ({
      _id: `${stream}@${revision}#v${schemaVersion}`,
      stream,
      revision,
      schemaVersion,
      state: JSON.stringify(state),
      takenAt: new Date(),
    });

    it('are read: the newest of the schema version, then by its _id through a recorded hint', async () => {
      const stream = 'legacy-read';
      await snapshots.insertMany(
        [
          legacy(stream, 9, 1, 'a'),
          legacy(stream, 29, 1, 'c'),
          legacy(stream, 19, 1, 'b'),
          legacy(stream, 39, 2, 'z'),
        ].map((d) => d as Document),
      );
      const store = stores[0]!;
      expect(await store.readLatestSnapshot(stream, { schemaVersion: 1 })).toMatchObject({
        revision: 29,
        state: 'c',
      });
      expect(await store.readLatestSnapshot(stream, { schemaVersion: 2 })).toMatchObject({
        revision: 39,
        state: 'z',
      });
      expect(await store.readLatestSnapshot(stream)).toMatchObject({ revision: 39, schemaVersion: 2 });
      // The first read recorded where the newest legacy snapshot is
      expect(await head(stream)).toMatchObject({ generation: 0, legacyId: `${stream}@29#v1` });
      expect(await store.readLatestSnapshot(stream, { schemaVersion: 1 })).toMatchObject({
        revision: 29,
        state: 'c',
      });

      // An older snapshot than the legacy one is dropped; a newer one starts the chain
      await store.saveSnapshot({ stream, revision: 25, schemaVersion: 1, state: 'old' });
      expect(await chain(stream)).toEqual([]);
      await store.saveSnapshot({ stream, revision: 35, schemaVersion: 1, state: 'new' });
      expect((await chain(stream)).map((d) => d.revision)).toEqual([35]);
      expect(await store.readLatestSnapshot(stream, { schemaVersion: 1 })).toMatchObject({
        revision: 35,
        state: 'new',
      });
    });

    it('serve aggregate loads: the legacy snapshot, then only the tail after it', async () => {
      const id = 'legacy-agg';
      const stream = streamName('counter', id);
      const store = stores[0]!;
      for (let i = 1; i <= 35; i++)
        await store.append(stream, [{ type: 'counter.incremented', data: { by: i } }]);
      // The state at revision 29, as the old code would have stored it
      const at29 = new Counter(id);
      at29.replay(await store.readStream(stream, { limit: 30 }));
      expect(at29.version).toBe(29);
      await snapshots.insertOne(legacy(stream, 29, 1, at29.state) as Document);

      const repository = new AggregateRepository<Counter, CounterState>(store, {
        create: (counterId) => new Counter(counterId),
        snapshots: { every: 100, schemaVersion: 1 },
      });
      const { aggregate, stats } = await repository.loadWithStats(id);
      expect(stats).toEqual({ snapshotRevision: 29, replayedEvents: 5 });
      const full = new AggregateRepository<Counter, CounterState>(store, { create: (c) => new Counter(c) });
      expect(aggregate.state).toEqual((await full.load(id)).state);
      expect(aggregate.version).toBe(34);
    });
  });
});

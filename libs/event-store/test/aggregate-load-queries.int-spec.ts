import { MongoClient, type Document } from 'mongodb';
import { useTestDatabase } from '@switchyard/testing';
import { AggregateRepository, getMongoEventStore, type EventStore } from '@switchyard/event-store';
import { Counter, type CounterState } from './test-counter.aggregate';
import { testRegistry } from './test-contracts';

/** One command the store sent, as the driver's command monitoring saw it. */
interface Sent {
  readonly name: string;
  readonly collection: unknown;
  readonly filter?: Document;
  readonly sort?: Document;
  returned: Document[];
}

const EVERY = 100;
const TAIL = 5;

const database = useTestDatabase('es_load_queries');

describe('aggregate load: the snapshot and the tail only, by equality (real DB, command monitoring)', () => {
  let monitored: MongoClient;
  let store: EventStore;
  let recording: Map<number, Sent> | undefined;

  beforeAll(async () => {
    monitored = await new MongoClient(database.mongoUrl, { monitorCommands: true }).connect();
    monitored.on('commandStarted', (e) => {
      if (!recording) return;
      const c = e.command;
      recording.set(e.requestId, {
        name: e.commandName,
        collection: c[e.commandName] ?? c.collection,
        filter: c.filter as Document | undefined,
        sort: c.sort as Document | undefined,
        returned: [],
      });
    });
    monitored.on('commandSucceeded', (e) => {
      const sent = recording?.get(e.requestId);
      const cursor = (e.reply as { cursor?: { firstBatch?: Document[]; nextBatch?: Document[] } }).cursor;
      if (sent) sent.returned = cursor?.firstBatch ?? cursor?.nextBatch ?? [];
    });
    store = getMongoEventStore(monitored.db(database.name), testRegistry());
    await store.ensureIndexes();
  });
  afterAll(async () => {
    await monitored?.close();
  });

  const repository = () =>
    new AggregateRepository<Counter, CounterState>(store, {
      create: (id) => new Counter(id),
      snapshots: { every: EVERY, schemaVersion: 1 },
    });

  /** A counter saved `events / EVERY` times with EVERY increments (a snapshot each time), then a tail. */
  async function build(id: string, events: number): Promise<void> {
    const repo = repository();
    for (let saved = 0; saved < events; saved += EVERY) {
      const c = await repo.load(id);
      for (let i = 0; i < EVERY; i++) c.increment(1 + (i % 7));
      await repo.save(c);
    }
    for (let i = 0; i < TAIL; i++) {
      const c = await repo.load(id);
      c.increment(3);
      await repo.save(c);
    }
  }

  async function recordLoad(id: string) {
    recording = new Map();
    try {
      const loaded = await repository().loadWithStats(id);
      return { ...loaded, sent: [...recording.values()] };
    } finally {
      recording = undefined;
    }
  }

  it('loads of a 200- and a 5,000-event stream send the same equality look-ups and read only the tail', async () => {
    await build('short', 200);
    await build('long', 5_000);
    const short = await recordLoad('short');
    const long = await recordLoad('long');

    for (const [load, events] of [
      [short, 200],
      [long, 5_000],
    ] as const) {
      // The latest snapshot (one per save, so 50 of them on the long stream) and only the tail after it
      expect(load.stats).toEqual({ snapshotRevision: events - 1, replayedEvents: TAIL });
      expect(load.aggregate.version).toBe(events + TAIL - 1);
      expect(load.aggregate.state.count).toBe(events + TAIL);

      const onData = load.sent.filter((s) => s.collection === 'commits' || s.collection === 'snapshots');
      // Only finds, none sorted, every filter a conjunction of plain equalities (no $gt, $in, $or ...)
      expect(onData.map((s) => s.name).filter((n) => n !== 'find')).toEqual([]);
      for (const s of onData) {
        expect(s.sort).toBeUndefined();
        for (const value of Object.values(s.filter ?? {}))
          expect(typeof value === 'object' && value !== null).toBe(false);
        expect(Object.keys(s.filter ?? {}).some((k) => k.startsWith('$'))).toBe(false);
      }
      // The commit documents read are exactly the tail's
      const commits = onData.filter((s) => s.collection === 'commits').flatMap((s) => s.returned);
      expect(commits.map((d) => d.revision as number).sort((a, b) => a - b)).toEqual(
        Array.from({ length: TAIL }, (_, i) => events + i),
      );
      // The snapshots read are the head hint and the newest snapshot, by _id
      const snapshots = onData.filter((s) => s.collection === 'snapshots');
      expect(snapshots.every((s) => Object.keys(s.filter ?? {}).join() === '_id')).toBe(true);
      expect(snapshots.flatMap((s) => s.returned).map((d) => d.generation)).toEqual([
        events / EVERY,
        events / EVERY,
      ]);
    }
    // And a stream 25 times longer costs the same commands
    const shape = (sent: Sent[]) =>
      sent.map((s) => `${s.name} ${String(s.collection)} ${Object.keys(s.filter ?? {}).join()}`);
    expect(shape(long.sent)).toEqual(shape(short.sent));
  });
});

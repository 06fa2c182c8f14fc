import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { sequenceAll, useTestDatabase } from '@switchyard/testing';
import {
  getMongoEventStore,
  isEventIdConflictError,
  isWrongExpectedRevisionError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
} from '@switchyard/event-store';
import { testRegistry } from './test-contracts';

const inc = (by = 1, eventId?: string) => ({ type: 'counter.incremented', data: { by }, eventId });

const database = useTestDatabase('es_concurrency');

describe('event store: appends under contention (real DB)', () => {
  let store: EventStore;

  beforeAll(async () => {
    store = getMongoEventStore(database.db, testRegistry());
    await store.ensureIndexes();
  });

  it('exact expected revision: of 20 concurrent appends exactly 1 wins, 19 get WrongExpectedRevisionError', async () => {
    // Given a stream at revision 0
    await store.append('counter-exact', [inc()], { expectedRevision: 'noStream' });
    // When 20 writers append at once, all expecting revision 0
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        store.append('counter-exact', [inc(i + 1)], { expectedRevision: 0 }),
      ),
    );
    // Then exactly one succeeded and every other one was refused with the stream, expected and actual revision
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const l of lost) {
      expect(isWrongExpectedRevisionError(l.reason)).toBe(true);
      const err = l.reason as WrongExpectedRevisionError;
      expect(err).toMatchObject({ stream: 'counter-exact', expectedRevision: 0, actualRevision: 1 });
    }
    // And the stream holds exactly two events
    expect((await store.readStream('counter-exact')).map((e) => e.revision)).toEqual([0, 1]);
    expect(await store.currentRevision('counter-exact')).toBe(1);
  });

  it('any: 20 concurrent appends all succeed with distinct consecutive revisions and nothing lost', async () => {
    // When 20 writers append to one stream at once with no expectation
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.append('counter-any', [inc(i + 1)], { expectedRevision: 'any' }),
      ),
    );
    // Then the revisions are exactly 0..19
    expect(results.map((r) => r.firstRevision).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    // And every event is stored once
    const stored = await store.readStream('counter-any');
    expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(stored.map((e) => (e.data as { by: number }).by).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    // And once sequenced, global positions are distinct
    await sequenceAll(store);
    const positions = await Promise.all(results.map((r) => store.waitForPosition(r)));
    expect(new Set(positions).size).toBe(20);
  });

  it('20 concurrent appends from 4 independent stores (as from 4 processes) get dense, distinct positions', async () => {
    // Given 4 stores that share nothing in memory, each first used after some commits already exist
    const stores = Array.from({ length: 4 }, () => getMongoEventStore(database.db, testRegistry()));
    await sequenceAll(store);
    const before = (await store.readAll({ limit: 10_000 })).commits.length;
    // When they append 20 commits at once, to one stream with `any` and to their own streams exactly
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? stores[i % 4]!.append('counter-shared', [inc(i + 1)])
          : stores[i % 4]!.append(`counter-own-${i}`, [inc(i + 1)], { expectedRevision: 'noStream' }),
      ),
    );
    // Then, once sequenced, read-all holds every commit once, at dense positions with no gap
    await sequenceAll(stores[3]!);
    const all = (await store.readAll({ limit: 10_000 })).commits;
    expect(all.map((c) => c.position)).toEqual(Array.from({ length: before + 20 }, (_, i) => i + 1));
    const positions = await Promise.all(results.map((r) => store.waitForPosition(r)));
    expect(new Set(positions).size).toBe(20);
    expect((await store.readStream('counter-shared')).map((e) => e.revision)).toEqual(
      Array.from({ length: 10 }, (_, i) => i),
    );
  });

  it('an exact expected revision inside a commit (not its end) is refused', async () => {
    await store.append('counter-boundary', [inc(), inc(), inc(), inc(), inc()], {
      expectedRevision: 'noStream',
    });
    await expect(store.append('counter-boundary', [inc()], { expectedRevision: 2 })).rejects.toMatchObject({
      expectedRevision: 2,
      actualRevision: 4,
    });
    expect(await store.currentRevision('counter-boundary')).toBe(4);
  });

  it("an expected revision past the stream's end is refused and leaves no gap", async () => {
    await store.append('counter-short', [inc(), inc()], { expectedRevision: 'noStream' });
    await expect(store.append('counter-short', [inc()], { expectedRevision: 5 })).rejects.toMatchObject({
      expectedRevision: 5,
      actualRevision: 1,
    });
    expect(await store.currentRevision('counter-short')).toBe(1);
  });

  it('any: a revision this process remembers but another process has moved past costs a re-read, not an error', async () => {
    // Given two stores (two processes) on one stream: A wrote revision 0 and remembers it
    const other = getMongoEventStore(database.db, testRegistry());
    await store.append('counter-stale', [inc()], { expectedRevision: 'noStream' });
    // When B appends, then A appends again with 'any'
    await other.append('counter-stale', [inc()], { expectedRevision: 'any' });
    const next = await store.append('counter-stale', [inc()], { expectedRevision: 'any' });
    // Then A's append lands after B's, with no gap and nothing lost
    expect(next).toMatchObject({ firstRevision: 2, lastRevision: 2 });
    const revisions = (await store.readStream('counter-stale')).map((e) => e.revision);
    expect(revisions).toEqual([0, 1, 2]);
  });

  it('a first append (noStream) is one insert and nothing else; a remembered stream too', async () => {
    const client = new MongoClient(database.mongoUrl, { monitorCommands: true });
    try {
      await client.connect();
      const counted = getMongoEventStore(client.db(database.name), testRegistry());
      await counted.ensureIndexes();
      const sent: string[] = [];
      client.on('commandStarted', (e) => sent.push(e.commandName));
      await counted.append('counter-one-insert', [inc()], { expectedRevision: 'noStream' });
      await counted.append('counter-one-insert', [inc()], { expectedRevision: 'any' });
      await counted.append('counter-one-insert', [inc()], { expectedRevision: 1 });
      expect(sent).toEqual(['insert', 'insert', 'insert']);
    } finally {
      await client.close();
    }
  });

  it('noStream and streamExists are checked', async () => {
    await expect(
      store.append('counter-new', [inc()], { expectedRevision: 'streamExists' }),
    ).rejects.toMatchObject({
      code: 'SWITCHYARD_WRONG_EXPECTED_REVISION',
      expectedRevision: 'streamExists',
      actualRevision: undefined,
    });
    await store.append('counter-new', [inc()], { expectedRevision: 'noStream' });
    await expect(
      store.append('counter-new', [inc()], { expectedRevision: 'noStream' }),
    ).rejects.toMatchObject({
      expectedRevision: 'noStream',
      actualRevision: 0,
    });
    await expect(
      store.append('counter-new', [inc(), inc()], { expectedRevision: 'streamExists' }),
    ).resolves.toMatchObject({ firstRevision: 1, lastRevision: 2 });
  });

  it('idempotent retry: the same event ids store nothing twice and return the original result', async () => {
    // Given an append that succeeded (but whose caller saw a timeout)
    const ids: string[] = [randomUUID(), randomUUID()];
    const first = await store.append('counter-retry', [inc(1, ids[0]), inc(2, ids[1])], {
      expectedRevision: 'noStream',
    });
    // When it is retried sequentially, and then 5 more times concurrently
    const again = await store.append('counter-retry', [inc(1, ids[0]), inc(2, ids[1])], {
      expectedRevision: 'noStream',
    });
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => store.append('counter-retry', [inc(1, ids[0]), inc(2, ids[1])])),
    );
    // Then every retry returns the original result
    for (const r of [again, ...concurrent]) expect(r).toEqual<AppendResult>(first);
    // And the stream and the global log hold the two events once
    expect((await store.readStream('counter-retry')).map((e) => e.eventId)).toEqual(ids);
    await sequenceAll(store);
    const all = await store.readAll({ limit: 10_000 });
    expect(all.events.filter((e) => ids.includes(e.eventId))).toHaveLength(2);
  });

  it('concurrent first attempts with the same event ids store one commit', async () => {
    const id = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => store.append('counter-race', [inc(3, id)])),
    );
    expect(new Set(results.map((r) => r.commitId))).toEqual(new Set([id]));
    expect(await store.readStream('counter-race')).toHaveLength(1);
  });

  it('an event id reused by a different append is refused, not silently dropped', async () => {
    const id = randomUUID();
    await store.append('counter-a', [inc(1, id)]);
    const err = await store.append('counter-b', [inc(1, id)]).catch((e: unknown) => e);
    expect(isEventIdConflictError(err)).toBe(true);
    expect(await store.currentRevision('counter-b')).toBeUndefined();
  });
});

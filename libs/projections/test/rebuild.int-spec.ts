import { Projections, readModelCollection, type ProjectionEvent } from '@switchyard/projections';
import { createTestDatabase, sequenceAll, waitFor, type TestDatabase } from '@switchyard/testing';
import { cleanFoldOfStore } from './fixtures/clean-fold';
import { MongoTallyKit } from './fixtures/mongo-tally-kit';
import { tallyProjection } from './fixtures/tally';

const TUNING = {
  pollIntervalMs: 50,
  leaseTtlMs: 2_000,
  leaseRenewMs: 200,
  pointerCheckMs: 100,
  dropWaitMs: 20_000,
};

describe('blue/green rebuild on the real database', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('proj_rebuild');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('builds the next version under concurrent appends, switches, drops the old one; nothing missing, nothing doubled, no side effect twice', async () => {
    const fired: string[] = [];
    const definition = tallyProjection({
      sideEffects: (e: ProjectionEvent) => void fired.push(e.eventId),
    });
    const kit = new MongoTallyKit(t.db, definition);
    await kit.appendMany(300, 'pre');
    const worker = new Projections({
      projections: [definition],
      store: kit.store,
      events: kit.events,
      holder: 'worker',
      tuning: TUNING,
      logger: kit.logger,
    });
    const cli = new Projections({
      projections: [definition],
      store: kit.store,
      events: kit.events,
      holder: 'cli',
      tuning: { ...TUNING, pageSize: 40 },
      logger: kit.logger,
    });
    await worker.startLive();
    let writing = true;
    const writer = (async () => {
      for (let round = 0; writing; round++) {
        await kit.appendMany(8, `w${round}`);
        worker.wake();
      }
    })();
    try {
      await waitFor(async () => (await kit.store.readCheckpoint({ ...definition }))?.liveFrom, {
        what: 'the live version to catch up',
        timeoutMs: 20_000,
      });
      const liveFrom = (await kit.store.readCheckpoint({ ...definition }))!.liveFrom!;

      // When a rebuild is interrupted (the process stops) and run again
      const abort = new AbortController();
      await expect(
        cli.rebuild('tallies', {
          signal: abort.signal,
          onProgress: (p) => p.position >= 120 && abort.abort(),
        }),
      ).rejects.toThrow();
      const progress: number[] = [];
      const result = await cli.rebuild('tallies', { onProgress: (p) => progress.push(p.eventsPerSecond) });
      // Then it resumed from its checkpoint and switched while commands kept arriving
      expect(result).toMatchObject({
        fromVersion: 1,
        toVersion: 2,
        droppedOld: true,
        sideEffectsSuppressed: true,
      });
      expect(result.resumedFrom).toBeGreaterThanOrEqual(120);
      expect(progress.length).toBeGreaterThan(0);
      expect(await kit.store.readPointer('tallies')).toMatchObject({ version: 2, collection: 'tallies_v2' });
      expect((await readModelCollection(t.db, 'tallies')).collectionName).toBe('tallies_v2');
      const collections = (await t.db.listCollections().toArray()).map((c) => c.name);
      expect(collections).toContain('tallies_v2');
      expect(collections).not.toContain('tallies_v1');

      // And the worker follows the pointer: version 2 goes on live
      writing = false;
      await writer;
      const head = (await kit.events.readAll({ fromPosition: 1, limit: 100_000 })).nextPosition - 1;
      await waitFor(
        async () =>
          worker.live?.runner('tallies')?.build.version === 2 &&
          worker.live.runner('tallies')!.position === head,
        {
          what: 'version 2 to run live up to the head',
          timeoutMs: 20_000,
        },
      );
      expect(await kit.documents(2)).toEqual(await cleanFoldOfStore(definition, kit.events));

      // Side effects: once per live event past the first catch-up, across the switch, never for history
      const all = (await kit.events.readAll({ fromPosition: 1, limit: 100_000 })).events;
      const live = all
        .filter((e) => e.position > liveFrom && definition.handlers[e.type])
        .map((e) => e.eventId);
      expect(new Set(fired).size).toBe(fired.length);
      expect([...fired].sort()).toEqual([...live].sort());
      expect(kit.logger.lines.join('\n')).toContain(
        'rebuild tallies: building version 2 (side effects suppressed)',
      );
    } finally {
      writing = false;
      await writer;
      await worker.stopLive();
    }
  });

  it('refuses a version not above the live one, and a second rebuild while one runs', async () => {
    const db = t.db.client.db(`${t.name}_r`.slice(0, 60));
    const kit = new MongoTallyKit(db);
    try {
      await kit.store.createPointer({ ...kit.definition, version: 3 });
      const p = new Projections({
        projections: [kit.definition],
        store: kit.store,
        events: kit.events,
        logger: kit.logger,
        // a busy rebuild lease is waited for one TTL (a killed rebuild's) before it counts as busy
        tuning: { leaseTtlMs: 500, leaseRenewMs: 100 },
      });
      await expect(p.rebuild('tallies', { version: 3 })).rejects.toThrow(
        'version 3 is not above the live version 3',
      );
      await expect(p.rebuild('nope')).rejects.toThrow('unknown projection "nope"; known: tallies');
      const other = kit.store.lease('tallies:rebuild', 'someone-else', 60_000);
      expect(await other.tryAcquire()).toBe(true);
      await expect(p.rebuild('tallies')).rejects.toThrow(
        'a rebuild of "tallies" is running in another process',
      );
      await sequenceAll(kit.events);
    } finally {
      await db.dropDatabase();
    }
  });
});

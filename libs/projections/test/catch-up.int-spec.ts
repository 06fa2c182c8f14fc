import type { Lease } from '@switchyard/mongodb';
import { ProjectionMetrics, projectionStatus, skipEvent } from '@switchyard/projections';
import { createTestDatabase, sequenceAll, type TestDatabase } from '@switchyard/testing';
import { MongoTallyKit } from './fixtures/mongo-tally-kit';
import { overrideStore } from './fixtures/override-store';

describe('projections on the real database: catch-up, exactly once, pauses', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('proj_catchup');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('catches up from the MongoDB event store, and a page repeated after a crash writes nothing', async () => {
    const kit = new MongoTallyKit(t.db.client.db(`${t.name}_a`.slice(0, 60)));
    try {
      await kit.appendMany(120, 'a');
      const runner = kit.runner({ pageSize: 25 });
      expect(await runner.catchUp()).toMatchObject({ kind: 'progress', position: 120, caughtUp: true });
      const expected = await kit.expected();
      expect(await kit.documents()).toEqual(expected);
      expect(Object.keys(expected).length).toBeGreaterThan(5);

      // A process dies after writing a page's documents, before its checkpoint: the next one repeats it
      let written = 0;
      const counting = overrideStore(kit.store, {
        writeDocuments: (b, w) => ((written += w.length), kit.store.writeDocuments(b, w)),
      });
      await kit.store.updateCheckpoint(kit.definition, 120, { position: 95 });
      await kit.runner({ store: counting, pageSize: 25 }).catchUp();
      expect(written).toBe(0);
      expect(await kit.documents()).toEqual(expected);
    } finally {
      await kit.db.dropDatabase();
    }
  });

  it('stays exact on a cross-key read model with a deposed holder writing at the same time', async () => {
    const kit = new MongoTallyKit(t.db);
    // B believes it holds the lease (a process that paused past its TTL): only the guarded writes stop it
    const deposed: Lease = {
      holder: 'b',
      term: 1,
      ensureIndexes: async () => undefined,
      tryAcquire: async () => true,
      release: async () => undefined,
    };
    const a = kit.runner({ holder: 'a', pageSize: 4, pollIntervalMs: 10 });
    const b = kit.runner({
      holder: 'b',
      pageSize: 3,
      pollIntervalMs: 10,
      store: overrideStore(kit.store, { lease: () => deposed }),
    });
    a.start();
    b.start();
    try {
      for (let round = 0; round < 6; round++) {
        await kit.appendMany(20, `r${round}`);
        a.wake();
        b.wake();
      }
      const head = 120;
      const deadline = Date.now() + 30_000;
      while ((a.position ?? 0) < head || (b.position ?? 0) < head) {
        if (Date.now() > deadline)
          throw new Error(
            `runners stuck at ${a.position} / ${b.position}:\n${kit.logger.lines.slice(-20).join('\n')}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(await kit.documents()).toEqual(await kit.expected());
  });

  it('pauses at a corrupted stored event with an alert, and skip resumes past it', async () => {
    const db = t.db.client.db(`${t.name}_c`.slice(0, 60));
    const kit = new MongoTallyKit(db);
    const metrics = new ProjectionMetrics();
    try {
      const add = (amount: number) =>
        kit.events.append('tally-c', [{ type: 'tally.added', data: { key: 'c', group: 'g', amount } }]);
      await add(1);
      const bad = await add(2);
      await add(4);
      await sequenceAll(kit.events);
      await db
        .collection('commits')
        .updateOne({ _id: bad.commitId as never }, { $set: { 'events.0.data': '{oops' } });
      await kit.store.createPointer(kit.definition);
      const runner = kit.runner({ metrics });

      const paused = await runner.catchUp();

      expect(paused).toMatchObject({
        kind: 'paused',
        paused: { ref: bad.eventIds[0], position: 2, unreadable: true },
      });
      expect(await kit.documents()).toEqual({
        'group:g': { total: 1, count: 1 },
        'key:c': { total: 1, count: 1 },
      });
      const [status] = await projectionStatus([kit.definition], kit.store, kit.events);
      expect(status).toMatchObject({
        state: 'paused',
        head: 3,
        live: { version: 1, position: 1, lagEvents: 2, paused: { ref: bad.eventIds[0] } },
      });
      expect(await metrics.registry.getSingleMetricAsString('switchyard_projection_paused')).toContain(
        'switchyard_projection_paused{projection="tallies",version="1"} 1',
      );
      expect(kit.logger.lines.join('\n')).toContain(`--event ${bad.eventIds[0]}`);

      await skipEvent(kit.definition, kit.store, bad.eventIds[0]!);
      expect(await runner.catchUp()).toMatchObject({ kind: 'progress', position: 3 });
      expect(await kit.documents()).toEqual({
        'group:g': { total: 5, count: 2 },
        'key:c': { total: 5, count: 2 },
      });
      expect(await metrics.registry.getSingleMetricAsString('switchyard_projection_paused')).toContain('} 0');
    } finally {
      await db.dropDatabase();
    }
  });
});

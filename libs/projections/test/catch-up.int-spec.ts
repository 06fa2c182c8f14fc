import { ProjectionMetrics, projectionStatus, skipEvent } from '@switchyard/projections';
import { createTestDatabase, sequenceAll, waitFor, type TestDatabase } from '@switchyard/testing';
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

  it('two processes on one cross-key read model stay exact through handovers and a crashed holder', async () => {
    const db = t.db.client.db(`${t.name}_b`.slice(0, 60));
    const kit = new MongoTallyKit(db);
    const fast = { pageSize: 4, pollIntervalMs: 20, leaseTtlMs: 800, leaseRenewMs: 100 };
    try {
      // A process that dies: from then on none of its calls reach the database (its lease lapses)
      let dead = false;
      const check = () => {
        if (dead) throw new Error('process killed');
      };
      const lease = kit.store.lease('tallies@1', 'a', fast.leaseTtlMs);
      const killable = overrideStore(kit.store, {
        lease: () => ({
          holder: 'a',
          get term() {
            return lease.term;
          },
          ensureIndexes: async () => undefined,
          tryAcquire: async () => (check(), lease.tryAcquire()),
          release: async () => (check(), lease.release()),
        }),
        loadDocuments: async (b, ids) => (check(), kit.store.loadDocuments(b, ids)),
        writeDocuments: async (b, w) => (check(), kit.store.writeDocuments(b, w)),
        updateCheckpoint: async (b, e, u) => (check(), kit.store.updateCheckpoint(b, e, u)),
      });
      const a = kit.runner({ ...fast, holder: 'a', store: killable });
      let b = kit.runner({ ...fast, holder: 'b' });
      a.start();
      b.start();
      try {
        for (let round = 0; round < 6; round++) {
          await kit.appendMany(20, `r${round}`);
          a.wake();
          b.wake();
          if (round === 1) dead = true; // a dies (if it held the lease, b takes over after the TTL)
          if (round === 3) {
            await b.stop(); // b hands over gracefully to a new process
            b = kit.runner({ ...fast, holder: 'c' });
            b.start();
          }
        }
        await waitFor(async () => (await kit.store.readCheckpoint(kit.definition))?.position === 120, {
          what: 'the build to reach the head',
          timeoutMs: 30_000,
        });
      } finally {
        dead = true;
        await Promise.all([a.stop(), b.stop()]);
      }
      expect(await kit.documents()).toEqual(await kit.expected());
    } finally {
      await db.dropDatabase();
    }
  });

  it('a holder that froze past its TTL writes nothing when it resumes', async () => {
    const db = t.db.client.db(`${t.name}_f`.slice(0, 60));
    const kit = new MongoTallyKit(db);
    const fast = { pageSize: 50, pollIntervalMs: 20, leaseTtlMs: 500, leaseRenewMs: 100 };
    try {
      await kit.appendMany(20, 'f');
      // The whole process stalls (GC, VM, network) in the middle of a round: its renewals stall too
      let freeze: Promise<void> | undefined;
      let writesAfterFreeze = 0;
      const lease = kit.store.lease('tallies@1', 'a', fast.leaseTtlMs);
      const frozen = overrideStore(kit.store, {
        lease: () => ({
          holder: 'a',
          get term() {
            return lease.term;
          },
          ensureIndexes: async () => undefined,
          tryAcquire: async () => (await freeze, lease.tryAcquire()),
          release: async () => lease.release(),
        }),
        loadDocuments: async (b, ids) => {
          const docs = await kit.store.loadDocuments(b, ids);
          freeze ??= new Promise((r) => setTimeout(r, 2_000));
          await freeze;
          return docs;
        },
        writeDocuments: async (b, w) => {
          if (freeze) writesAfterFreeze++;
          return kit.store.writeDocuments(b, w);
        },
      });
      const a = kit.runner({ ...fast, holder: 'a', store: frozen });
      const step = a.step();
      step.catch(() => undefined);
      await waitFor(() => freeze !== undefined, { what: 'a to hold the build and stall' });
      // Meanwhile another process takes the build over and applies everything
      const b = kit.runner({ ...fast, holder: 'b' });
      await waitFor(async () => (await b.step()).kind === 'progress', {
        what: 'b to take over',
        timeoutMs: 10_000,
      });
      await b.catchUp();
      await expect(step).rejects.toThrow('the lease may have passed to another process');
      expect(writesAfterFreeze).toBe(0);
      await b.stop();
      expect(await kit.documents()).toEqual(await kit.expected());
    } finally {
      await db.dropDatabase();
    }
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

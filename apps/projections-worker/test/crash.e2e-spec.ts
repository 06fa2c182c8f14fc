import { sequenceAll, useTestEnvironment, waitFor, type AppProcess } from '@switchyard/testing';
import { appendOrders, compareReadModels, eventStoreOf, livePositions, spawnWorker } from './worker-test-kit';

interface LeaseTerm {
  lease: string;
  term: number;
  holder: string;
}

describe('projections worker: N processes, kill -9', () => {
  const env = useTestEnvironment('proj_crash');
  const workers: AppProcess[] = [];
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop()));
  });

  it('two workers share the builds; one killed -9 mid-projection, its builds move on; read models exact', async () => {
    const db = env.database.db;
    const store = eventStoreOf(db);
    const tuning = { PROJECTIONS_POLL_MS: '100', WORKER_COUNT: '2' };
    workers.push(
      ...(await Promise.all([
        spawnWorker(env, { ...tuning, WORKER_INDEX: '0' }),
        spawnWorker(env, { ...tuning, WORKER_INDEX: '1' }),
      ])),
    );

    // Orders keep coming while the workers project them
    await appendOrders(store, 150, 'a');
    await sequenceAll(store);
    const first = await waitFor(async () => Math.min(...(await livePositions(db))) > 0 || undefined, {
      what: 'every projection to apply something',
      timeoutMs: 30_000,
    });
    expect(first).toBe(true);

    // When the process holding a build is killed -9 in the middle
    const leases = await db.collection<LeaseTerm>('projection_leases').find({}).toArray();
    const current = new Map<string, LeaseTerm>();
    for (const l of leases) if ((current.get(l.lease)?.term ?? 0) < l.term) current.set(l.lease, l);
    const holders = new Set([...current.values()].map((l) => Number(l.holder.split(':')[1])));
    const victim = workers.find((w) => holders.has(w.child.pid!))!;
    expect(victim).toBeDefined();
    const appending = appendOrders(store, 150, 'b').then(() => sequenceAll(store));
    victim.child.kill('SIGKILL');
    await victim.exited;
    await appending;
    // and it is started again
    workers.push(
      await spawnWorker(env, { ...tuning, WORKER_INDEX: workers.indexOf(victim) === 0 ? '0' : '1' }),
    );

    // Then every read model equals the clean fold of the store: nothing lost, nothing counted twice
    const head = (await store.readAll({ fromPosition: 1, limit: 100_000 })).nextPosition - 1;
    await waitFor(async () => (await livePositions(db)).every((p) => p === head), {
      what: `every projection at the head (${head})`,
      timeoutMs: 40_000,
    });
    for (const { name, actual, expected } of await compareReadModels(db, store)) {
      expect({ name, docs: Object.keys(actual).length }).toEqual({
        name,
        docs: Object.keys(expected).length,
      });
      expect(actual).toEqual(expected);
    }
    // and no shipped notice went out twice (at most once per event, even across the kill)
    const notices = await db.collection<{ eventId: string }>('order_notices').find({}).toArray();
    expect(notices.length).toBeGreaterThan(0);
    expect(new Set(notices.map((n) => n.eventId)).size).toBe(notices.length);
  });
});

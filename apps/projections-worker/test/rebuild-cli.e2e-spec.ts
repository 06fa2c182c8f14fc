import { sequenceAll, spawnApp, useTestEnvironment, waitFor, type AppProcess } from '@switchyard/testing';
import { appendOrders, compareReadModels, eventStoreOf, livePositions, spawnWorker } from './worker-test-kit';

describe('switchyard projections rebuild, killed -9', () => {
  const env = useTestEnvironment('proj_rebuild_cli');
  const processes: AppProcess[] = [];
  afterEach(async () => {
    await Promise.all(processes.map((p) => p.stop()));
  });

  const cli = (...args: string[]) =>
    spawnApp('bin/switchyard.js', {
      args: ['projections', ...args],
      env: { MONGO_URL: env.mongoUrl, MONGO_DATABASE: env.database.name },
      readyLine: null,
    }).then((p) => (processes.push(p), p));

  it('resumes from its own checkpoint, switches the worker to the new version, drops the old one', async () => {
    const db = env.database.db;
    const store = eventStoreOf(db);
    const [worker] = await Promise.all([
      spawnWorker(env, { PROJECTIONS_POLL_MS: '100' }),
      appendOrders(store, 300, 'r').then(() => sequenceAll(store)),
    ]);
    processes.push(worker);
    const head = (await store.readAll({ fromPosition: 1, limit: 100_000 })).nextPosition - 1;
    await waitFor(async () => (await livePositions(db)).every((p) => p === head), {
      what: 'the worker to catch up',
      timeoutMs: 30_000,
    });
    const notices = await db.collection('order_notices').countDocuments();

    // A rebuild of order-summary with small pages is killed -9 once it has applied some
    const first = await cli('rebuild', 'order-summary', '--page-size', '10');
    const checkpoints = db.collection<{ _id: string; position: number }>('projection_checkpoints');
    const reached = await waitFor(
      async () => (await checkpoints.findOne({ _id: 'order-summary@2' }))?.position,
      {
        what: 'the rebuild to apply a page',
        timeoutMs: 40_000,
        intervalMs: 20,
      },
    );
    first.child.kill('SIGKILL');
    await first.exited;
    expect(reached).toBeLessThan(head);

    // Run again, it resumes and finishes
    const second = await cli('rebuild', 'order-summary');
    const exit = await second.exited;
    expect({ exit, output: second.output() }).toMatchObject({ exit: { code: 0 } });
    const resumed = Number(/resumed from position (\d+)/.exec(second.output())?.[1]);
    expect(resumed).toBeGreaterThanOrEqual(reached);
    expect(second.output()).toContain('side effects are suppressed');
    expect(second.output()).toContain('version 1 dropped');

    // The read side reads version 2; version 1 is gone; the worker goes on with version 2
    expect(
      await db.collection('projection_pointers').findOne({ _id: 'order-summary' as never }),
    ).toMatchObject({
      version: 2,
      collection: 'order_summaries_v2',
    });
    const names = (await db.listCollections().toArray()).map((c) => c.name);
    expect(names).not.toContain('order_summaries_v1');
    await appendOrders(store, 10, 'after');
    await sequenceAll(store);
    const end = (await store.readAll({ fromPosition: 1, limit: 100_000 })).nextPosition - 1;
    await waitFor(async () => (await livePositions(db)).every((p) => p === end), {
      what: 'version 2 to run live',
      timeoutMs: 30_000,
    });
    const [summary] = await compareReadModels(db, store);
    expect(summary!.actual).toEqual(summary!.expected);
    // the rebuild replayed shipped events without sending their notices again; the new live ones did
    const shippedAfter = (await store.readAll({ fromPosition: head + 1, limit: 100_000 })).events.filter(
      (e) => e.type === 'order.shipped',
    ).length;
    expect(shippedAfter).toBeGreaterThan(0);
    expect(await db.collection('order_notices').countDocuments()).toBe(notices + shippedAfter);
  });
});

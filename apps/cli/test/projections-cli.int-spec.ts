import { exampleOrderPlaced, exampleProjections } from '@switchyard/examples';
import { getMongoEventStore } from '@switchyard/event-store';
import { exampleEventRegistry } from '@switchyard/examples';
import { getMongoProjectionStore, normaliseProjection, ProjectionRunner } from '@switchyard/projections';
import { createTestDatabase, sequenceAll, type TestDatabase } from '@switchyard/testing';
import { main } from '../src/main';

/** Runs the CLI in this process; resolves its exit code and what it printed. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  const exitCode = process.exitCode;
  try {
    const code = await main(['node', 'switchyard', 'projections', ...args]);
    return { code: code || Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = exitCode;
  }
}

describe('switchyard projections status|skip (in process)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('proj_cli');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('shows a paused projection with the way out, skips it, and refuses bad input in one line', async () => {
    const store = getMongoEventStore(t.db, exampleEventRegistry());
    await store.append('order-o-1', [{ type: 'order.placed', data: exampleOrderPlaced({ orderId: 'o-1' }) }]);
    const bad = await store.append('order-o-2', [
      { type: 'order.placed', data: exampleOrderPlaced({ orderId: 'o-2' }) },
    ]);
    await sequenceAll(store);
    await t.db
      .collection('commits')
      .updateOne({ _id: bad.commitId as never }, { $set: { 'events.0.data': '{' } });
    const definition = normaliseProjection(exampleProjections()[0]!);
    const projections = getMongoProjectionStore(t.db);
    await projections.createPointer({ ...definition });
    const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
    const runner = new ProjectionRunner({
      definition,
      store: projections,
      events: store,
      holder: 'cli-test',
      logger: quiet,
    });
    expect(await runner.catchUp()).toMatchObject({ kind: 'paused' });

    const status = await cli('status', '--database', t.name);
    expect(status.code).toBe(2);
    expect(status.stdout).toContain('order-summary  v1  paused  position 1/2  lag 1 events');
    expect(status.stdout).toContain(
      `decide: switchyard projections skip order-summary --event ${bad.eventIds[0]}`,
    );
    expect(status.stdout).toContain('customer-orders  not started');

    const skipped = await cli('skip', 'order-summary', '--event', bad.eventIds[0]!, '--database', t.name);
    expect(skipped).toMatchObject({ code: 0, stderr: '' });
    expect(skipped.stdout).toContain(
      `skipped the unreadable commit ${bad.eventIds[0]} at position 2 for order-summary`,
    );
    expect(await runner.catchUp()).toMatchObject({ kind: 'progress', position: 2 });

    const again = await cli('skip', 'order-summary', '--event', bad.eventIds[0]!, '--database', t.name);
    expect(again).toMatchObject({
      code: 1,
      stderr: 'switchyard: projection "order-summary" is not paused; nothing to skip\n',
    });
    const unknown = await cli('rebuild', 'nope', '--database', t.name);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'switchyard: unknown projection "nope"; known: order-summary, customer-orders, merchant-daily-totals\n',
    );
    const json = JSON.parse(
      (await cli('status', 'order-summary', '--json', '--database', t.name)).stdout,
    ) as unknown[];
    expect(json).toMatchObject([
      { name: 'order-summary', state: 'live', live: { position: 2, lagEvents: 0 } },
    ]);
  });
});

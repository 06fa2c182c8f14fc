import { EXAMPLE_TOPOLOGY, exampleOrderPlaced, type CustomerOrders } from '@switchyard/examples';
import { MessagingRuntime } from '@switchyard/messaging';
import { sequenceAll, useTestEnvironment, waitFor, type AppProcess } from '@switchyard/testing';
import { readModelCollection } from '@switchyard/projections';
import { eventStoreOf, publishEvents, spawnWorker } from './worker-test-kit';

describe('projections worker: live from the queue', () => {
  const env = useTestEnvironment('proj_live');
  let worker: AppProcess | undefined;
  let runtime: MessagingRuntime | undefined;
  afterEach(async () => {
    await worker?.stop();
    await runtime?.stop();
  });

  it('builds the three read models from wake messages, fills a gap from the store, and sends a notice once', async () => {
    // The poll is a minute: only the wake messages can make it fast
    worker = await spawnWorker(env, { PROJECTIONS_POLL_MS: '60000' });
    runtime = new MessagingRuntime({ urls: env.amqpUrl, topology: EXAMPLE_TOPOLOGY, consumers: [] });
    await runtime.start();
    const db = env.database.db;
    const store = eventStoreOf(db);
    const summary = async (id: string) =>
      (await readModelCollection(db, 'order-summary')).findOne({ _id: id });

    // An order is placed and its message published
    await store.append('order-o-1', [
      { type: 'order.placed', data: exampleOrderPlaced({ orderId: 'o-1', merchantId: 'm-1' }) },
    ]);
    await sequenceAll(store);
    await publishEvents(runtime.publisher, (await store.readAll()).events);
    await waitFor(async () => (await summary('o-1'))?.status === 'placed', {
      what: 'o-1 placed',
      timeoutMs: 20_000,
    });

    // Revision 1 (confirmed) is stored but its message never comes; revision 2 (shipped) arrives
    const facts = { orderId: 'o-1', customerId: 'c-1', merchantId: 'm-1', total: '9.00', currency: 'EUR' };
    await store.append('order-o-1', [{ type: 'order.confirmed', data: facts }]);
    await store.append('order-o-1', [
      { type: 'order.shipped', data: { ...facts, carrier: 'DHL', trackingNumber: 'T-1' } },
    ]);
    await sequenceAll(store);
    const shipped = (await store.readAll({ fromPosition: 3 })).events;
    await publishEvents(runtime.publisher, shipped);

    // Then the worker reads revision 1 from the store too, well before its poll would
    const doc = await waitFor(
      async () => {
        const d = await summary('o-1');
        return d?.status === 'shipped' ? d : undefined;
      },
      { what: 'o-1 shipped', timeoutMs: 15_000 },
    );
    expect(doc).toMatchObject({
      orderId: 'o-1',
      status: 'shipped',
      trackingNumber: 'T-1',
      merchantId: 'm-1',
    });
    const customers = await readModelCollection<CustomerOrders>(db, 'customer-orders');
    await waitFor(async () => (await customers.findOne({ _id: 'c-1' }))?.orders?.[0]?.status === 'shipped', {
      what: "c-1's order shipped",
      timeoutMs: 15_000,
    });
    const day = new Date().toISOString().slice(0, 10);
    const totals = await readModelCollection(db, 'merchant-daily-totals');
    await waitFor(async () => (await totals.findOne({ _id: `m-1|${day}|EUR` }))?.ordersConfirmed === 1, {
      what: 'm-1 totals with the confirmation',
      timeoutMs: 15_000,
    });
    expect(await totals.findOne({ _id: `m-1|${day}|EUR` })).toMatchObject({
      ordersPlaced: 1,
      amountPlaced: '9.00',
      ordersConfirmed: 1,
      amountConfirmed: '9.00',
    });
    // the order summary's side effect (a shipped notice) ran for the live event
    await waitFor(
      async () => (await db.collection('order_notices').countDocuments({ orderId: 'o-1' })) === 1,
      {
        what: 'one shipped notice',
      },
    );
    expect(worker.output()).not.toContain('PAUSED');
    // and everything the worker said is a structured log line of its own, none an error
    const lines = worker
      .output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { app?: string; level?: string; msg?: string });
    expect(lines.every((l) => l.app === 'projections-worker')).toBe(true);
    expect(lines.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
    expect(lines.map((l) => l.msg)).toContain('projections worker ready');
  });
});

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  AmqpFaultProxy,
  closeBrokerConnection,
  type ProxiedConnection,
  useTestEnvironment,
  waitFor,
} from '@switchyard/testing';
import { QueueReader, startApi, type ReadMessage } from './api-test-kit';

const PLACE_ORDER = {
  customerId: 'c-1',
  lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: '5.00' }],
  total: '5.00',
  currency: 'EUR',
};

/** For each stream, whether the first copy of each revision came after the first copy of the one before. */
function outOfOrderStreams(messages: readonly ReadMessage[]): string[] {
  const next = new Map<string, number>();
  const bad = new Set<string>();
  for (const m of messages) {
    const stream = String(m.headers['x-stream']);
    const revision = Number(m.headers['x-revision']);
    const expected = next.get(stream) ?? 0;
    if (revision > expected) bad.add(stream);
    if (revision === expected) next.set(stream, expected + 1);
  }
  return [...bad];
}

const { vhost, database: t } = useTestEnvironment('api_faults', { per: 'test' });

// The API app, its relay publishing through a fault proxy in front of RabbitMQ.
describe('API: the outbox relay survives broker connection faults', () => {
  let proxy: AmqpFaultProxy;
  let queues: QueueReader;
  let app: INestApplication | undefined;
  const http = () => request(app!.getHttpServer());

  beforeEach(async () => {
    proxy = await AmqpFaultProxy.start();
    queues = await QueueReader.open(vhost, ['notifications.push', 'reporting.projections']);
    app = await startApi(vhost, t, undefined, { amqpUrl: proxy.url(vhost.amqpUrl) });
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await queues?.close();
    await proxy?.close();
  });

  async function placeOrder(): Promise<string> {
    const res = await http().post('/orders').send(PLACE_ORDER).expect(201);
    return (res.body as { orderId: string }).orderId;
  }

  it('recovers within 5 s from OpenOk + Close in one read; /health is 503 while broken, 200 after', async () => {
    // Given the API publishing normally
    await placeOrder();
    await queues.read('notifications.push', 1);
    await waitFor(async () => (await http().get('/health')).status === 200, {
      what: '/health 200',
      timeoutMs: 15_000,
    });

    // When its connection is closed, and the reconnect's OpenOk reaches it together with a Close
    proxy.holdOpenOkUntilClose(1);
    const held = new Promise<ProxiedConnection>((resolve) => proxy.once('open-ok-held', resolve));
    const released = new Promise<string>((resolve) =>
      proxy.once('open-ok-released', (_c, how: string) => resolve(how)),
    );
    for (const c of proxy.connections()) await closeBrokerConnection(vhost.management, c.brokerName);
    await closeBrokerConnection(vhost.management, (await held).brokerName);
    expect(await released).toBe('with-close');
    const racedAt = Date.now();

    // Then /health says so
    await waitFor(async () => (await http().get('/health')).status === 503, {
      what: '/health 503',
      timeoutMs: 2000,
    });
    // And an order placed now is published within 5 s of the race
    await placeOrder();
    await queues.read('notifications.push', 1, 5000 - (Date.now() - racedAt));
    expect(Date.now() - racedAt).toBeLessThan(5000);
    // And /health is 200 again
    await waitFor(async () => (await http().get('/health')).status === 200, {
      what: '/health 200 again',
      timeoutMs: 5000,
    });
  });

  it('publishes every placed order at least once, in stream order, while its connection is deleted 5 times', async () => {
    // Given orders placed and confirmed over HTTP, continuously
    const orders: string[] = [];
    let placing = true;
    const load = (async () => {
      while (placing) {
        const orderId = await placeOrder();
        await http().post(`/orders/${orderId}/confirm`).expect(200);
        orders.push(orderId);
      }
    })();
    try {
      // When the app's broker connection is deleted 5 times, 1.5 s apart
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 1500));
        await waitFor(() => proxy.connections().length > 0, {
          what: 'a connection to delete',
          timeoutMs: 10_000,
        });
        for (const c of proxy.connections()) await closeBrokerConnection(vhost.management, c.brokerName);
      }
    } finally {
      placing = false;
      await load;
    }

    // Then every order's two events reach the projections' partitions at least once (a stream always on
    // one partition), the first copies in stream order
    expect(orders.length).toBeGreaterThan(10);
    const partitions = [0, 1, 2, 3].map((i) => `reporting.projections.p${i}`);
    const byPartition = new Map<string, ReadMessage[]>();
    for (const q of partitions) byPartition.set(q, await queues.subscribe(q));
    await waitFor(
      () => {
        const seen = new Set(
          [...byPartition.values()]
            .flat()
            .map((m) => `${String(m.headers['x-stream'])}@${String(m.headers['x-revision'])}`),
        );
        return orders.every((id) => seen.has(`order-${id}@0`) && seen.has(`order-${id}@1`));
      },
      { what: `the ${orders.length * 2} events of ${orders.length} orders`, timeoutMs: 30_000 },
    );
    for (const q of partitions) expect(outOfOrderStreams(byPartition.get(q)!)).toEqual([]);
  });
});

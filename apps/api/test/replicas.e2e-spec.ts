import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { useTestEnvironment, waitFor } from '@switchyard/testing';
import { QueueReader, startApi } from './api-test-kit';

interface OutboxHealth {
  readonly leader: boolean;
  readonly undispatched: number;
}

const PLACE_ORDER = {
  customerId: 'c-2',
  lines: [{ sku: 'SKU-2', quantity: 1, unitPrice: '3.50' }],
  total: '3.50',
  currency: 'EUR',
};

async function outboxOf(app: INestApplication): Promise<OutboxHealth> {
  const res = await request(app.getHttpServer()).get('/health');
  return (res.body as { details: { outbox: OutboxHealth } }).details.outbox;
}

async function place(app: INestApplication): Promise<string> {
  const res = await request(app.getHttpServer()).post('/orders').send(PLACE_ORDER).expect(201);
  return (res.body as { orderId: string }).orderId;
}

const { vhost, database: t } = useTestEnvironment('api_replicas');

describe('API replicas sharing one database and broker', () => {
  let queues: QueueReader;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    queues = await QueueReader.open(vhost, ['payments.orders']);
    apps.push(await startApi(vhost, t, 'replica-a'), await startApi(vhost, t, 'replica-b'));
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await queues?.close();
  });

  it('publishes every order once whichever replica took it, and hands the relay over when the leader stops', async () => {
    // Given two replicas, one of which leads the relay
    await waitFor(
      async () => {
        const leaders = await Promise.all(apps.map(async (a) => (await outboxOf(a)).leader));
        return leaders.filter(Boolean).length === 1;
      },
      { what: 'one replica to lead the relay', timeoutMs: 15_000 },
    );
    const [a, b] = apps as [INestApplication, INestApplication];
    const leader = (await outboxOf(a)).leader ? a : b;
    const follower = leader === a ? b : a;

    // When orders are placed on both replicas
    const ids = [await place(a), await place(b), await place(a), await place(b)];

    // Then each order.placed reaches payments exactly once
    const first = await queues.read('payments.orders', ids.length);
    expect(first.map((m) => m.body.orderId).sort()).toEqual([...ids].sort());
    await waitFor(
      async () => {
        const both = await Promise.all(apps.map(outboxOf));
        return both.every((o) => o.undispatched === 0);
      },
      { what: 'both replicas to see nothing left to publish', timeoutMs: 15_000 },
    );
    expect(await queues.ready('payments.orders')).toBe(0);

    // When the leader shuts down, and an order is placed on the remaining replica
    await leader.close();
    apps.splice(apps.indexOf(leader), 1);
    const later = await place(follower);

    // Then the remaining replica takes the lease and publishes it
    await waitFor(async () => (await outboxOf(follower)).leader, {
      what: 'the remaining replica to lead',
      timeoutMs: 15_000,
    });
    const second = await queues.read('payments.orders', 1);
    expect(second.map((m) => [m.type, m.body.orderId])).toEqual([['order.placed', later]]);
  });
});

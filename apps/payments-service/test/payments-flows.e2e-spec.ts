import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { getMongoEventStore, type EventStore } from '@switchyard/event-store';
import {
  DECLINED_CARD_LAST4,
  EXAMPLE_TOPOLOGY,
  exampleEventRegistry,
  paymentIdForOrder,
  paymentStream,
  PAYMENTS_ORDERS_QUEUE,
  type OrderStatus,
  type PaymentStatus,
} from '@switchyard/examples';
import { MessagingRuntime } from '@switchyard/messaging';
import { republishEvents } from '@switchyard/outbox';
import { spawnApp, useTestEnvironment, waitFor, type AppProcess } from '@switchyard/testing';
import { ApiModule } from '../../api/src/api.module';

const ENTRY = 'apps/payments-service/src/main.ts';
const NODE_ARGS = ['-r', './scripts/register.js'];
const ORDER = {
  customerId: 'c-1',
  lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: '5.00' }],
  total: '10.00',
  currency: 'EUR',
  cardLast4: '4242',
};
/** Bound for one hop of the choreography on a loaded machine (relay sweep, delivery, reaction). */
const FLOW_TIMEOUT_MS = 20_000;

describe('payments service: the orders ⇄ payments choreography over HTTP and AMQP', () => {
  let api: INestApplication | undefined;
  let payments: AppProcess | undefined;
  let runtime: MessagingRuntime | undefined;
  let store: EventStore;
  const http = () => request(api!.getHttpServer());

  // Declared before the environment's hooks so that it runs before the vhost and database go.
  afterAll(async () => {
    await payments?.stop();
    await runtime?.stop();
    await api?.close();
  });

  const env = useTestEnvironment('payments_flows');

  beforeAll(async () => {
    // The API in-process (orders commands, the orders reactor, a relay), then the payments service as a
    // process of its own, as it is deployed (its relay waits behind the API's for the lease).
    const moduleRef = await Test.createTestingModule({
      imports: [
        ApiModule.forRoot({
          amqpUrl: env.amqpUrl,
          mongoUrl: env.mongoUrl,
          database: env.database.name,
          relay: { sweepIntervalMs: 200 },
        }),
      ],
    }).compile();
    api = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    await api.init();
    payments = await spawnApp(ENTRY, {
      nodeArgs: NODE_ARGS,
      env: { AMQP_URL: env.amqpUrl, MONGO_URL: env.mongoUrl, MONGO_DATABASE: env.database.name },
      readyTimeoutMs: 45_000,
    });
    store = getMongoEventStore(env.database.db, exampleEventRegistry());
  }, 90_000);

  async function placeOrder(body: object, correlationId?: string): Promise<string> {
    const req = http().post('/orders');
    if (correlationId) req.set('X-Correlation-Id', correlationId);
    return ((await req.send(body).expect(201)).body as { orderId: string }).orderId;
  }

  function orderReaches(orderId: string, status: OrderStatus): Promise<Record<string, unknown>> {
    return waitFor(
      async () => {
        const { body } = await http().get(`/orders/${orderId}`);
        return (body as { status?: string }).status === status
          ? (body as Record<string, unknown>)
          : undefined;
      },
      { what: `order ${orderId} ${status}`, timeoutMs: FLOW_TIMEOUT_MS },
    );
  }

  function paymentReaches(orderId: string, status: PaymentStatus): Promise<Record<string, unknown>> {
    return waitFor(
      async () => {
        const { body } = await http().get(`/orders/${orderId}/payment`);
        return (body as { status?: string }).status === status
          ? (body as Record<string, unknown>)
          : undefined;
      },
      { what: `payment of order ${orderId} ${status}`, timeoutMs: FLOW_TIMEOUT_MS },
    );
  }

  const orderEvents = (orderId: string) => store.readStream(`order-${orderId}`);
  const paymentEvents = (orderId: string) => store.readStream(paymentStream(paymentIdForOrder(orderId)));

  it('authorizes a placed order and confirms it, each reaction caused by the event before, one correlation', async () => {
    const orderId = await placeOrder(ORDER, 'checkout-flow-1');

    await orderReaches(orderId, 'confirmed');
    const paymentId = paymentIdForOrder(orderId);
    const { body } = await http().get(`/payments/${paymentId}`).expect(200).expect('ETag', '"0"');
    expect(body).toEqual({
      paymentId,
      revision: 0,
      status: 'authorized',
      orderId,
      amount: '10.00',
      currency: 'EUR',
    });

    const [placed, confirmed, ...moreOrder] = await orderEvents(orderId);
    const [authorized, ...morePayment] = await paymentEvents(orderId);
    expect([moreOrder, morePayment]).toEqual([[], []]);
    expect([placed!.type, confirmed!.type, authorized!.type]).toEqual([
      'order.placed',
      'order.confirmed',
      'payment.authorized',
    ]);
    expect(authorized!.metadata).toMatchObject({
      causationId: placed!.eventId,
      correlationId: 'checkout-flow-1',
      actor: 'payments',
    });
    expect(confirmed!.metadata).toMatchObject({
      causationId: authorized!.eventId,
      correlationId: 'checkout-flow-1',
      actor: 'orders',
    });
  });

  it(`declines a card ending in ${DECLINED_CARD_LAST4} (payment.failed) and cancels the order`, async () => {
    const orderId = await placeOrder({ ...ORDER, cardLast4: DECLINED_CARD_LAST4 });

    const order = await orderReaches(orderId, 'cancelled');
    expect(order.cancelReason).toBe(
      `payment failed: card ending in ${DECLINED_CARD_LAST4} was declined by the issuer`,
    );
    await expect(paymentReaches(orderId, 'failed')).resolves.toMatchObject({ revision: 0 });
    expect((await orderEvents(orderId)).map((e) => e.type)).toEqual(['order.placed', 'order.cancelled']);
  });

  it('captures the payment when the confirmed order ships', async () => {
    const orderId = await placeOrder(ORDER);
    await orderReaches(orderId, 'confirmed');

    await http()
      .post(`/orders/${orderId}/ship`)
      .send({ carrier: 'DHL', trackingNumber: 'TRK-1' })
      .expect(200, { orderId, revision: 2 });

    await expect(paymentReaches(orderId, 'captured')).resolves.toMatchObject({ revision: 1 });
    const shipped = (await orderEvents(orderId))[2]!;
    const captured = (await paymentEvents(orderId))[1]!;
    expect(captured).toMatchObject({
      type: 'payment.captured',
      data: { amount: '10.00', currency: 'EUR' },
      metadata: { causationId: shipped.eventId },
    });
  });

  it('refunds the payment when an authorized order is cancelled', async () => {
    const orderId = await placeOrder(ORDER);
    await orderReaches(orderId, 'confirmed');

    await http()
      .post(`/orders/${orderId}/cancel`)
      .send({ reason: 'customer changed their mind' })
      .expect(200, { orderId, revision: 2 });

    await expect(paymentReaches(orderId, 'refunded')).resolves.toMatchObject({ revision: 1 });
    expect((await paymentEvents(orderId)).map((e) => e.type)).toEqual([
      'payment.authorized',
      'payment.refunded',
    ]);
  });

  it('a redelivered order.placed is handled again and appends nothing', async () => {
    const orderId = await placeOrder(ORDER);
    await orderReaches(orderId, 'confirmed');
    const stream = `order-${orderId}`;

    // Given the broker's count of acks on payments.orders covers every delivery so far (its statistics
    // are sampled every few seconds): one per stored orders event the queue is bound to
    const registry = exampleEventRegistry();
    const delivered = (await store.readAll({ limit: 10_000 })).events.filter((e) =>
      ['order.placed', 'order.shipped', 'order.cancelled'].includes(e.type),
    ).length;
    const before = await waitFor(
      async () => {
        const counted = await acks();
        return counted >= delivered ? counted : undefined;
      },
      {
        what: `${delivered} acks on ${PAYMENTS_ORDERS_QUEUE} in the broker's statistics`,
        timeoutMs: FLOW_TIMEOUT_MS,
      },
    );

    // When the order's order.placed is sent to payments.orders again, with its original message id
    runtime = new MessagingRuntime({ urls: env.amqpUrl, topology: EXAMPLE_TOPOLOGY, consumers: [] });
    await runtime.start();
    const result = await republishEvents({
      source: store,
      publisher: runtime.publisher,
      routing: registry,
      topology: EXAMPLE_TOPOLOGY,
      consumer: PAYMENTS_ORDERS_QUEUE,
      selection: { stream },
    });
    expect(result).toMatchObject({ sent: 1, skipped: 1 }); // order.confirmed is not bound to payments

    // Then the payments service handles and acks it (no inbox: the reaction itself runs again)
    await waitFor(async () => (await acks()) >= before + 1, {
      what: `the redelivered order.placed acked on ${PAYMENTS_ORDERS_QUEUE}`,
      timeoutMs: FLOW_TIMEOUT_MS,
    });
    // And, its reaction's event ids being derived from the event's id, nothing new was stored
    expect((await paymentEvents(orderId)).map((e) => e.type)).toEqual(['payment.authorized']);
    expect((await orderEvents(orderId)).map((e) => e.type)).toEqual(['order.placed', 'order.confirmed']);
  });

  it('logs JSON lines, and stops on SIGTERM without an error', async () => {
    const stopped = await payments!.stop();
    expect(stopped).toEqual({ code: null, signal: 'SIGTERM' });
    const lines = payments!
      .output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { app?: string; level?: string; msg?: string });
    expect(lines.every((l) => l.app === 'payments-service')).toBe(true);
    expect(lines.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
    expect(lines.map((l) => l.msg)).toContain('switchyard payments-service consuming payments.orders: ready');
  });

  /** Acks the broker counted on payments.orders (management statistics). */
  async function acks(): Promise<number> {
    const queue = await env.vhost.management.request<{ message_stats?: { ack?: number } }>(
      'GET',
      `/api/queues/${encodeURIComponent(env.vhost.name)}/${PAYMENTS_ORDERS_QUEUE}`,
    );
    return queue.message_stats?.ack ?? 0;
  }
});

describe('payments service start-up', () => {
  it('exits non-zero with one line naming MONGO_DATABASE when it is not a database name', async () => {
    const app = await spawnApp(ENTRY, {
      nodeArgs: NODE_ARGS,
      env: { MONGO_DATABASE: 'not.a.name' },
      readyLine: null,
    });
    try {
      expect(await app.exited).toEqual({ code: 1, signal: null });
      expect(app.output().trim().split('\n')).toEqual([
        'MONGO_DATABASE is invalid (not a valid database name): not.a.name',
      ]);
    } finally {
      await app.stop();
    }
  });

  it('sets up tracing at start: an OTLP exporter it cannot build is refused in one line', async () => {
    const app = await spawnApp(ENTRY, {
      nodeArgs: NODE_ARGS,
      env: { OTEL_TRACES_EXPORTER: 'otlp' },
      readyLine: null,
    });
    try {
      expect(await app.exited).toEqual({ code: 1, signal: null });
      expect(app.output().trim()).toMatch(/^OTEL_TRACES_EXPORTER is invalid \(console or none; .*\): otlp$/);
    } finally {
      await app.stop();
    }
  });
});

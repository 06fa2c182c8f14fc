import { Writable } from 'node:stream';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import request from 'supertest';
import { getMongoEventStore, type EventEnvelope, type EventStore } from '@switchyard/event-store';
import { exampleEventRegistry, paymentIdForOrder, paymentStream } from '@switchyard/examples';
import { PROVIDER_FAKE_ROUTES, startProviderFake, type ProviderFake } from '@switchyard/notifications';
import { formatTraceparent } from '@switchyard/observability';
import { setupTracing, useStructuredLogger, type Tracing } from '@switchyard/observability/setup';
import { useTestEnvironment, waitFor } from '@switchyard/testing';
import { resolveWorkerSettings } from '../../notifications-worker/src/core/worker-settings';
import { NotificationsWorkerModule } from '../../notifications-worker/src/notifications-worker.module';
import { PaymentsServiceModule } from '../../payments-service/src/payments-service.module';
import { startApi } from './api-test-kit';

const PLACE_ORDER = {
  customerId: 'c-1',
  lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: '5.00' }],
  total: '10.00',
  currency: 'EUR',
  cardLast4: '4242',
  customerPhone: '+4915112345678',
};
const INCOMING_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const INCOMING_SPAN = '00f067aa0ba902b7';
const CREDENTIALS = {
  fcmAccessToken: 'fcm-trace-token',
  twilioAccountSid: 'AC0trace',
  twilioAuthToken: 'tw-trace',
};
/** Bound for a whole chain of hops on a loaded machine (relay sweeps, deliveries, reactions). */
const CHAIN_TIMEOUT_MS = 60_000;

type Line = Record<string, unknown>;

/** `parts` when every one is there (the chain is complete), else `undefined` (look again). */
function complete<T extends object>(parts: T): { [K in keyof T]: NonNullable<T[K]> } | undefined {
  return Object.values(parts).every((v) => v !== undefined)
    ? (parts as { [K in keyof T]: NonNullable<T[K]> })
    : undefined;
}

const env = useTestEnvironment('api_tracing');

/**
 * One order's traces across the example system, through the real broker and database. Every service runs
 * in this process as its own Nest app, as its `main.ts` builds it: the API (HTTP, the orders reactor, the
 * one outbox relay), the payments service (relay off, so the API's publishes every event), the
 * notifications worker and the provider fake. They share the one tracer provider `setupTracing` registers,
 * so the in-memory exporter sees every span; only the traceparent in event metadata, AMQP headers and
 * HTTP headers links them, exactly as between processes.
 */
describe('traces: api → relay → payments → orders → notifications → provider, one trace per request', () => {
  const exporter = new InMemorySpanExporter();
  const lines: Line[] = [];
  // nestjs-pino keeps one root logger per process (the first app's options win), so the three apps get
  // the same options: every line lands in `lines`, with the fields of the work under way.
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Line);
      done();
    },
  });
  const logging = { level: 'debug', destination: capture } as const;
  let tracing: Tracing;
  let fake: ProviderFake;
  let api: INestApplication;
  let notifications: INestApplicationContext;
  let payments: INestApplicationContext;
  let store: EventStore;

  beforeAll(async () => {
    tracing = setupTracing({
      serviceName: 'example-system-e2e',
      exporter: 'none',
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    fake = await startProviderFake({ db: env.database.db, ...CREDENTIALS });
    api = await startApi(env.vhost, env.database, undefined, { logging });
    notifications = await NestFactory.createApplicationContext(
      NotificationsWorkerModule.forRoot(
        resolveWorkerSettings({
          AMQP_URL: env.amqpUrl,
          MONGO_URL: env.mongoUrl,
          MONGO_DATABASE: env.database.name,
          WORKER_ID: 'trace-w1',
          FCM_BASE_URL: fake.url,
          FCM_PROJECT_ID: 'trace',
          FCM_ACCESS_TOKEN: CREDENTIALS.fcmAccessToken,
          TWILIO_BASE_URL: fake.url,
          TWILIO_ACCOUNT_SID: CREDENTIALS.twilioAccountSid,
          TWILIO_AUTH_TOKEN: CREDENTIALS.twilioAuthToken,
          TWILIO_FROM: '+15005550006',
        }),
        logging,
      ),
      { logger: ['error', 'warn'], abortOnError: false },
    );
    payments = await NestFactory.createApplicationContext(
      PaymentsServiceModule.forRoot({
        amqpUrl: env.amqpUrl,
        mongoUrl: env.mongoUrl,
        database: env.database.name,
        relay: false,
        logging,
      }),
      { bufferLogs: true, abortOnError: false },
    );
    // Nest's Logger is static: the libs' lines of all three apps go to the (one) pino logger from here on.
    useStructuredLogger(payments);
    store = getMongoEventStore(env.database.db, exampleEventRegistry());
  }, 90_000);

  afterAll(async () => {
    await notifications?.close();
    await payments?.close();
    await api?.close();
    await fake?.close();
    await tracing?.shutdown();
  });

  const http = () => request(api.getHttpServer());
  const spans = () => exporter.getFinishedSpans();
  const byId = (id: string | undefined) => spans().find((s) => s.spanContext().spanId === id);
  const parentOf = (s: ReadableSpan | undefined) => byId(s?.parentSpanContext?.spanId);
  const childrenOf = (s: ReadableSpan | undefined) =>
    spans().filter((c) => s !== undefined && c.parentSpanContext?.spanId === s.spanContext().spanId);
  const publishOf = (event: EventEnvelope | undefined) =>
    spans().find(
      (s) => s.kind === SpanKind.PRODUCER && s.attributes['messaging.message.id'] === event?.eventId,
    );
  /** The process spans of `event` on `queue` (a retried delivery has one per delivery). */
  const processesOf = (event: EventEnvelope | undefined, queue: string) =>
    spans().filter(
      (s) =>
        s.kind === SpanKind.CONSUMER &&
        s.attributes['messaging.message.id'] === event?.eventId &&
        s.attributes['messaging.destination.subscription.name'] === queue,
    );
  /** The handle span of `event` on `queue` that finished without an error (the successful attempt). */
  const handledOf = (event: EventEnvelope | undefined, queue: string) =>
    processesOf(event, queue)
      .flatMap((p) => childrenOf(p))
      .find((h) => h.name === `handle ${event?.type}` && h.status.code !== SpanStatusCode.ERROR);
  const eventsOf = async (orderId: string) => ({
    order: await store.readStream(`order-${orderId}`),
    payment: await store.readStream(paymentStream(paymentIdForOrder(orderId))),
  });

  async function confirmedOrder(headers: Record<string, string>): Promise<string> {
    const res = await http().post('/orders').set(headers).send(PLACE_ORDER).expect(201);
    const { orderId } = res.body as { orderId: string };
    await waitFor(async () => (await eventsOf(orderId)).order.some((e) => e.type === 'order.confirmed'), {
      what: `order ${orderId} confirmed`,
      timeoutMs: CHAIN_TIMEOUT_MS,
    });
    return orderId;
  }

  it('links one placed order’s spans, in every service, into the trace the request came with', async () => {
    // When an order is placed with a traceparent and a correlation id
    const orderId = await confirmedOrder({
      traceparent: `00-${INCOMING_TRACE}-${INCOMING_SPAN}-01`,
      'X-Correlation-Id': 'chain-1',
    });

    // Then, once every service has handled its part, the spans form one tree
    const chain = await waitFor(
      async () => {
        const { order, payment } = await eventsOf(orderId);
        const [placed, confirmed] = order;
        const [authorized] = payment;
        const c = {
          placed,
          authorized,
          confirmed,
          server: spans().find((s) => s.kind === SpanKind.SERVER && s.name === 'POST /orders'),
          publishPlaced: publishOf(placed),
          handlePayments: handledOf(placed, 'payments.orders'),
          publishAuthorized: publishOf(authorized),
          handleOrders: handledOf(authorized, 'orders.payments'),
          publishConfirmed: publishOf(confirmed),
          handlePush: handledOf(placed, 'notifications.push'),
          handleContacts: handledOf(placed, 'notifications.contacts'),
        };
        return complete(c);
      },
      { what: `every span of order ${orderId}`, timeoutMs: CHAIN_TIMEOUT_MS },
    );

    // api: the SERVER span continues the caller's trace, and the command's event carries it
    expect(chain.server.parentSpanContext?.spanId).toBe(INCOMING_SPAN);
    expect(chain.server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/orders',
      'http.response.status_code': 201,
    });
    expect(chain.placed.metadata.traceparent).toBe(formatTraceparent(chain.server.spanContext()));
    // relay: publish order.placed, a PRODUCER child of the stored traceparent
    expect(parentOf(chain.publishPlaced)).toBe(chain.server);
    expect(chain.publishPlaced.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'send',
      'messaging.destination.name': 'orders.events',
      'messaging.rabbitmq.destination.routing_key': 'order.placed',
      'messaging.message.conversation_id': 'chain-1',
    });
    // payments: process (child of the publish) → handle → its reaction stored with the handle span's
    // traceparent → the relay's publish of payment.authorized, child of that handle span
    expect(parentOf(parentOf(chain.handlePayments))).toBe(chain.publishPlaced);
    expect(chain.handlePayments.attributes['switchyard.handler']).toBe('PaymentsReactor.onOrderPlaced');
    expect(chain.authorized.metadata.traceparent).toBe(formatTraceparent(chain.handlePayments.spanContext()));
    expect(parentOf(chain.publishAuthorized)).toBe(chain.handlePayments);
    expect(chain.publishAuthorized.attributes['messaging.destination.name']).toBe('payments.events');
    // orders (the API's reactor): process → handle payment.authorized → publish order.confirmed
    expect(parentOf(parentOf(chain.handleOrders))).toBe(chain.publishAuthorized);
    expect(chain.handleOrders.attributes['switchyard.handler']).toBe('OrdersReactor.onPaymentAuthorized');
    expect(parentOf(chain.publishConfirmed)).toBe(chain.handleOrders);
    // notifications: push and contacts each process order.placed as children of its publish
    const processPush = parentOf(chain.handlePush)!;
    expect(parentOf(processPush)).toBe(chain.publishPlaced);
    expect(processPush.attributes['messaging.destination.subscription.name']).toBe('notifications.push');
    expect(chain.handlePush.attributes['switchyard.handler']).toBe('PushNotificationsHandler.onOrderPlaced');
    expect(parentOf(parentOf(chain.handleContacts))).toBe(chain.publishPlaced);

    // All in one trace, the caller's, and every process span names the request's correlation id
    const all = Object.values(chain).filter((v): v is ReadableSpan => 'spanContext' in v);
    expect(new Set(all.map((s) => s.spanContext().traceId))).toEqual(new Set([INCOMING_TRACE]));
    const processes = all.map(parentOf).filter((p) => p?.kind === SpanKind.CONSUMER);
    expect(processes).toHaveLength(4);
    for (const p of processes) expect(p!.attributes['messaging.message.conversation_id']).toBe('chain-1');

    // And the payments reactor's log line carries the trace, its handle span, the event and the correlation id
    const logged = lines.find((l) => l.context === 'PaymentsReactor' && l.eventId === chain.placed.eventId);
    expect(logged).toMatchObject({
      level: 'debug',
      eventType: 'order.placed',
      queue: 'payments.orders',
      correlationId: 'chain-1',
      traceId: INCOMING_TRACE,
      spanId: chain.handlePayments.spanContext().spanId,
    });
  });

  it('starts a trace at a request that brought none, and follows it through payments to the provider', async () => {
    const orderId = await confirmedOrder({});

    // When the confirmed order is shipped, without a traceparent
    await http()
      .post(`/orders/${orderId}/ship`)
      .send({ carrier: 'DHL', trackingNumber: 'TRK-9' })
      .expect(200);

    // Then: ship request → publish order.shipped → payments captures → publish payment.captured → push
    // handled; and the SMS on order.shipped goes to the provider (CLIENT span), whose fake continues the
    // trace (SERVER span)
    const chain = await waitFor(
      async () => {
        const { order, payment } = await eventsOf(orderId);
        const shipped = order.find((e) => e.type === 'order.shipped');
        const captured = payment.find((e) => e.type === 'payment.captured');
        const handleSms = handledOf(shipped, 'notifications.sms');
        const client = childrenOf(handleSms).find((s) => s.kind === SpanKind.CLIENT);
        const c = {
          shipped,
          captured,
          publishShipped: publishOf(shipped),
          handlePayments: handledOf(shipped, 'payments.orders'),
          publishCaptured: publishOf(captured),
          handlePush: handledOf(captured, 'notifications.push'),
          handleSms,
          client,
          providerServer: childrenOf(client).find((s) => s.kind === SpanKind.SERVER),
        };
        return complete(c);
      },
      { what: `every span of shipping order ${orderId}`, timeoutMs: CHAIN_TIMEOUT_MS },
    );

    // The ship request's SERVER span starts a new trace; order.shipped carries it
    const server = parentOf(chain.publishShipped)!;
    expect(server).toMatchObject({ kind: SpanKind.SERVER, name: 'POST /orders/:id/ship' });
    expect(server.parentSpanContext).toBeUndefined();
    const traceId = server.spanContext().traceId;
    expect(traceId).not.toBe(INCOMING_TRACE);
    expect(chain.shipped.metadata.traceparent).toBe(formatTraceparent(server.spanContext()));
    // payments captures under order.shipped; payment.captured's publish is that handle span's child
    expect(parentOf(parentOf(chain.handlePayments))).toBe(chain.publishShipped);
    expect(chain.captured.metadata.traceparent).toBe(formatTraceparent(chain.handlePayments.spanContext()));
    expect(parentOf(chain.publishCaptured)).toBe(chain.handlePayments);
    // notifications: the push on payment.captured is a child of its publish; the SMS on order.shipped too
    expect(parentOf(parentOf(chain.handlePush))).toBe(chain.publishCaptured);
    expect(parentOf(parentOf(chain.handleSms))).toBe(chain.publishShipped);
    // the provider call: a CLIENT span under the SMS handler, and the fake's SERVER span under it
    expect(chain.client.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 201,
      'switchyard.notification.provider': 'twilio',
    });
    expect(chain.providerServer).toMatchObject({
      name: `POST ${PROVIDER_FAKE_ROUTES.twilio}`,
      attributes: expect.objectContaining({ 'http.response.status_code': 201 }) as unknown,
    });

    const all = Object.values(chain).filter((v): v is ReadableSpan => 'spanContext' in v);
    expect(new Set([server, ...all].map((s) => s.spanContext().traceId))).toEqual(new Set([traceId]));
  });
});

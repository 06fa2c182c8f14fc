import type { INestApplication } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import request from 'supertest';
import { getMongoEventStore, type EventMetadata, type EventStore } from '@switchyard/event-store';
import { EXAMPLE_TOPOLOGY, exampleEventRegistry } from '@switchyard/examples';
import { MessagingRuntime, type MessageContext } from '@switchyard/messaging';
import { formatTraceparent } from '@switchyard/observability';
import { setupTracing, type Tracing } from '@switchyard/observability/setup';
import {
  createTestDatabase,
  createTestVhost,
  waitFor,
  type TestDatabase,
  type TestVhost,
} from '@switchyard/testing';
import { startApi } from './api-test-kit';

const PLACE_ORDER = {
  customerId: 'c-1',
  lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: '5.00' }],
  total: '10.00',
  currency: 'EUR',
};
const INCOMING_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const INCOMING_SPAN = '00f067aa0ba902b7';

/**
 * One order's trace across processes' worth of pieces, through the real broker and database: the API
 * (in-process, its HTTP span and its relay), a payments reactor consuming `order.placed` and appending
 * `payment.authorized` (published by the same relay), and an orders reactor consuming that.
 */
describe('traces: HTTP request → relay publish → process/handle → the reaction’s publish → …', () => {
  let vhost: TestVhost;
  let t: TestDatabase;
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let app: INestApplication;
  let reactors: MessagingRuntime;
  let store: EventStore;
  const reactions: MessageContext[] = [];

  beforeAll(async () => {
    tracing = setupTracing({
      serviceName: 'api-e2e',
      exporter: 'none',
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    vhost = await createTestVhost('api_tracing');
    t = await createTestDatabase('api_tracing');
    app = await startApi(vhost, t);
    store = getMongoEventStore(t.db, exampleEventRegistry());
    reactors = new MessagingRuntime({
      urls: vhost.amqpUrl,
      topology: EXAMPLE_TOPOLOGY,
      consumers: ['payments.orders', 'orders.payments'],
    });
    // The payments reaction: a command on its own stream, its events carrying the event's ids.
    reactors.addHandler('payments.orders', {
      name: 'PaymentsReactor.onOrderPlaced',
      type: 'order.placed',
      invoke: async (ctx) => {
        const placed = ctx.event as { orderId: string; total: string; currency: string };
        await store.append(
          `payment-${placed.orderId}`,
          [
            {
              type: 'payment.authorized',
              data: {
                paymentId: `p-${placed.orderId}`,
                orderId: placed.orderId,
                amount: placed.total,
                currency: placed.currency,
              },
            },
          ],
          { metadata: { causationId: ctx.messageId } },
        );
      },
    });
    reactors.addHandler('orders.payments', {
      name: 'OrdersReactor.onPayment',
      type: 'payment.authorized',
      invoke: async (ctx) => {
        reactions.push(ctx);
      },
    });
    await reactors.start();
  });

  afterAll(async () => {
    await reactors?.stop();
    await app?.close();
    await tracing?.shutdown();
    await vhost?.delete();
    await t?.drop();
  });

  const spans = () => exporter.getFinishedSpans();
  const byId = (id: string | undefined) => spans().find((s) => s.spanContext().spanId === id);
  const parentOf = (s: ReadableSpan | undefined) => byId(s?.parentSpanContext?.spanId);
  /** The span of kind `kind` about message `messageId` (publish and process spans name their message). */
  const spanOf = (kind: SpanKind, messageId: string) =>
    spans().find((s) => s.kind === kind && s.attributes['messaging.message.id'] === messageId);
  const storedMetadata = async (stream: string): Promise<EventMetadata & { eventId: string }> => {
    const [event] = await store.readStream(stream);
    return { ...event!.metadata, eventId: event!.eventId };
  };

  async function placeAndFollow(headers: Record<string, string>) {
    const res = await request(app.getHttpServer()).post('/orders').set(headers).send(PLACE_ORDER).expect(201);
    const { orderId } = res.body as { orderId: string };
    const reaction = await waitFor(
      () => reactions.find((r) => (r.event as { orderId?: string }).orderId === orderId),
      { what: `payment.authorized of order ${orderId} handled by the orders reactor`, timeoutMs: 30_000 },
    );
    const placed = await storedMetadata(`order-${orderId}`);
    const authorized = await storedMetadata(`payment-${orderId}`);
    // The last span to end: the orders reactor's process span of the reaction's event.
    await waitFor(() => spanOf(SpanKind.CONSUMER, authorized.eventId), {
      what: 'the process span of payment.authorized',
      timeoutMs: 15_000,
    });
    return { orderId, placed, authorized, reaction };
  }

  it('links every span of one order into the trace the request came with, parent by parent', async () => {
    const { placed, authorized, reaction } = await placeAndFollow({
      traceparent: `00-${INCOMING_TRACE}-${INCOMING_SPAN}-01`,
    });

    // The HTTP request's SERVER span continues the caller's trace
    const server = spans().find((s) => s.kind === SpanKind.SERVER && s.name === 'POST /orders');
    expect(server?.parentSpanContext?.spanId).toBe(INCOMING_SPAN);
    expect(server?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 201,
    });
    // and the command's event carries it
    expect(placed.traceparent).toBe(formatTraceparent(server!.spanContext()));

    // The relay's publish is a PRODUCER child of the stored traceparent, with the messaging attributes
    const publishPlaced = spanOf(SpanKind.PRODUCER, placed.eventId)!;
    expect(parentOf(publishPlaced)).toBe(server);
    expect(publishPlaced.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'send',
      'messaging.destination.name': 'orders.events',
      'messaging.rabbitmq.destination.routing_key': 'order.placed',
      'messaging.message.id': placed.eventId,
    });

    // The payments reactor processes it as a CONSUMER child of the publish, and handles it under that
    const processPlaced = spanOf(SpanKind.CONSUMER, placed.eventId)!;
    expect(parentOf(processPlaced)).toBe(publishPlaced);
    expect(processPlaced.attributes).toMatchObject({
      'messaging.operation.type': 'process',
      'messaging.destination.subscription.name': 'payments.orders',
    });
    const handlePlaced = spans().find(
      (s) => parentOf(s) === processPlaced && s.name === 'handle order.placed',
    )!;
    expect(handlePlaced.attributes['switchyard.handler']).toBe('PaymentsReactor.onOrderPlaced');

    // Its reaction was stored with the handler span's traceparent, so its publish is that span's child
    expect(authorized.traceparent).toBe(formatTraceparent(handlePlaced.spanContext()));
    const publishAuthorized = spanOf(SpanKind.PRODUCER, authorized.eventId)!;
    expect(parentOf(publishAuthorized)).toBe(handlePlaced);
    expect(publishAuthorized.attributes['messaging.destination.name']).toBe('payments.events');

    // and the orders reactor's process and handle spans follow
    const processAuthorized = spanOf(SpanKind.CONSUMER, authorized.eventId)!;
    expect(parentOf(processAuthorized)).toBe(publishAuthorized);
    // The AMQP header the consumer got is the publish span's context
    expect(reaction.headers.traceparent).toBe(formatTraceparent(publishAuthorized.spanContext()));

    // All in one trace: the caller's
    const chain = [server, publishPlaced, processPlaced, handlePlaced, publishAuthorized, processAuthorized];
    expect(new Set(chain.map((s) => s!.spanContext().traceId))).toEqual(new Set([INCOMING_TRACE]));
  });

  it('starts a trace at the request when none came in, and every published event carries it', async () => {
    const { placed, authorized, reaction } = await placeAndFollow({});

    const publishPlaced = spanOf(SpanKind.PRODUCER, placed.eventId)!;
    const server = parentOf(publishPlaced)!;
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.parentSpanContext).toBeUndefined();
    const traceId = server.spanContext().traceId;
    expect(traceId).not.toBe(INCOMING_TRACE);
    expect(placed.traceparent).toBe(formatTraceparent(server.spanContext()));
    expect(authorized.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(reaction.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });
});

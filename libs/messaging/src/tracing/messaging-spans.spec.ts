import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { activeTraceparent, currentLogFields, formatTraceparent } from '@switchyard/observability';
import { setupTracing, type Tracing } from '@switchyard/observability/setup';
import { DeadLetter } from '../consuming/handlers/consume-result';
import type { MessageContext } from '../consuming/handlers/message-context';
import type { OutgoingEvent } from '../publishing/outgoing-message';
import { noteDeadLetter, withDeliverySpan } from './delivery-span';
import { invokeInHandlerSpan } from './handler-span';
import { withPublishSpan } from './publish-span';

const STORED = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const EVENT: OutgoingEvent = {
  eventId: 'e-1',
  type: 'order.placed',
  domain: 'orders',
  data: {},
  stream: 'order-1',
  revision: 0,
  correlationId: 'c-1',
  traceparent: STORED,
};
const DELIVERY = {
  queue: 'payments.orders',
  exchange: 'orders.events',
  routingKey: 'order.placed',
  type: 'order.placed',
  messageId: 'e-1',
  correlationId: 'c-1',
  deliveryTag: 7,
};

function publishedTraceparent(event: OutgoingEvent): Promise<string | undefined> {
  let header: string | undefined;
  return withPublishSpan(event, 'orders.events', 'order.placed', async (traceparent) => {
    header = traceparent;
  }).then(() => header);
}

describe('messaging spans without an OpenTelemetry SDK', () => {
  it('publish with the stored traceparent unchanged, and none when the event has none', async () => {
    expect(await publishedTraceparent(EVENT)).toBe(STORED);
    expect(await publishedTraceparent({ ...EVENT, traceparent: undefined })).toBeUndefined();
  });

  it('still give the handler its log fields, and no active span', async () => {
    const seen = await withDeliverySpan({ ...DELIVERY, headers: { traceparent: STORED } }, async () => ({
      fields: currentLogFields(),
      active: trace.getActiveSpan(),
    }));
    expect(seen.fields).toEqual({
      eventId: 'e-1',
      eventType: 'order.placed',
      queue: 'payments.orders',
      correlationId: 'c-1',
    });
    expect(seen.active).toBeUndefined();
  });
});

describe('messaging spans with an SDK', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  beforeAll(() => {
    tracing = setupTracing({
      serviceName: 'spec',
      exporter: 'none',
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
  });
  afterEach(() => exporter.reset());
  afterAll(() => tracing.shutdown());

  const spans = () => exporter.getFinishedSpans();

  it('publish in a PRODUCER span under the stored traceparent, whose context the header carries', async () => {
    const header = await publishedTraceparent(EVENT);
    const [span] = spans();
    expect(span).toMatchObject({ name: 'publish orders.events', kind: SpanKind.PRODUCER });
    expect(span!.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(header).toBe(formatTraceparent(span!.spanContext()));
    expect(span!.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'send',
      'messaging.destination.name': 'orders.events',
      'messaging.rabbitmq.destination.routing_key': 'order.placed',
      'messaging.message.id': 'e-1',
      'messaging.message.conversation_id': 'c-1',
    });
  });

  it('publish an event without a traceparent under the active span, or as a new trace', async () => {
    const outer = trace.getTracer('spec').startSpan('outer');
    await context.with(trace.setSpan(context.active(), outer), () =>
      publishedTraceparent({ ...EVENT, traceparent: undefined }),
    );
    outer.end();
    const fresh = await publishedTraceparent({ ...EVENT, traceparent: undefined });
    const [child, , root] = spans();
    expect(child!.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(root!.parentSpanContext).toBeUndefined();
    expect(fresh).toBe(formatTraceparent(root!.spanContext()));
  });

  it('process a delivery in a CONSUMER span under its traceparent, and handle it in a child span', async () => {
    const handlerSaw = await withDeliverySpan({ ...DELIVERY, headers: { traceparent: STORED } }, () =>
      invokeInHandlerSpan({ name: 'Reactor.onPlaced', invoke: async () => activeTraceparent() }, {
        type: 'order.placed',
        messageId: 'e-1',
        attempt: 1,
      } as MessageContext),
    );
    const [handle, process] = spans();
    expect(process).toMatchObject({ name: 'process payments.orders', kind: SpanKind.CONSUMER });
    expect(process!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(process!.attributes).toMatchObject({
      'messaging.operation.type': 'process',
      'messaging.destination.subscription.name': 'payments.orders',
      'messaging.message.id': 'e-1',
    });
    expect(handle).toMatchObject({ name: 'handle order.placed', kind: SpanKind.INTERNAL });
    expect(handle!.parentSpanContext?.spanId).toBe(process!.spanContext().spanId);
    expect(handle!.attributes).toMatchObject({
      'switchyard.handler': 'Reactor.onPlaced',
      'switchyard.attempt': 1,
    });
    // What the handler appends carries the handle span's traceparent
    expect(handlerSaw).toBe(formatTraceparent(handle!.spanContext()));
  });

  it('mark a dead-lettered delivery and a handler that asked for it as failed', async () => {
    await withDeliverySpan({ ...DELIVERY, headers: {} }, async () => {
      await invokeInHandlerSpan({ name: 'h', invoke: async () => new DeadLetter('bad card') }, {
        type: 'order.placed',
        messageId: 'e-1',
        attempt: 1,
      } as MessageContext);
      noteDeadLetter('dead-lettered-by-handler');
    });
    const [handle, process] = spans();
    expect(handle!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'dead-letter: bad card' });
    expect(process!.status.code).toBe(SpanStatusCode.ERROR);
    expect(process!.attributes['switchyard.dead_letter.reason']).toBe('dead-lettered-by-handler');
    expect(process!.parentSpanContext).toBeUndefined();
  });
});

import { context, SpanKind, trace, type Span } from '@opentelemetry/api';
import {
  contextFromTraceparent,
  formatTraceparent,
  MESSAGING_ATTRIBUTES,
  MESSAGING_VALUES,
  recordSpanError,
  SWITCHYARD_ATTRIBUTES,
  switchyardTracer,
} from '@switchyard/observability';
import type { OutgoingEvent } from '../publishing/outgoing-message';

/**
 * Runs the publish of `event` inside a PRODUCER span `publish <exchange>` (messaging semantic
 * conventions, `messaging.operation.type` `send`), ended once the broker confirmed or refused it. Its
 * parent is the event's own `traceparent` (the context it was produced in, stored with it) when it has
 * one, else the active span. `send` gets the traceparent to put in the AMQP headers: the span's own, so
 * consumers become its children; with no SDK registered, the event's, unchanged.
 */
export async function withPublishSpan(
  event: OutgoingEvent,
  exchange: string,
  routingKey: string,
  send: (traceparent: string | undefined, span: Span) => Promise<void>,
): Promise<void> {
  const parent = event.traceparent
    ? contextFromTraceparent(event.traceparent, context.active())
    : context.active();
  const span = switchyardTracer().startSpan(
    `publish ${exchange}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        [MESSAGING_ATTRIBUTES.system]: MESSAGING_VALUES.system,
        [MESSAGING_ATTRIBUTES.operationType]: MESSAGING_VALUES.send,
        [MESSAGING_ATTRIBUTES.operationName]: 'publish',
        [MESSAGING_ATTRIBUTES.destinationName]: exchange,
        [MESSAGING_ATTRIBUTES.routingKey]: routingKey,
        [MESSAGING_ATTRIBUTES.messageId]: event.eventId,
        ...(event.correlationId ? { [MESSAGING_ATTRIBUTES.conversationId]: event.correlationId } : {}),
        [SWITCHYARD_ATTRIBUTES.eventType]: event.type,
        ...(event.stream !== undefined ? { [SWITCHYARD_ATTRIBUTES.stream]: event.stream } : {}),
        ...(event.revision !== undefined ? { [SWITCHYARD_ATTRIBUTES.revision]: event.revision } : {}),
      },
    },
    parent,
  );
  try {
    const traceparent = formatTraceparent(span.spanContext()) ?? event.traceparent;
    await context.with(trace.setSpan(parent, span), () => send(traceparent, span));
  } catch (err) {
    recordSpanError(span, err);
    throw err;
  } finally {
    span.end();
  }
}

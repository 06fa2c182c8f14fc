import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  contextFromTraceparent,
  MESSAGING_ATTRIBUTES,
  MESSAGING_VALUES,
  recordSpanError,
  SWITCHYARD_ATTRIBUTES,
  switchyardTracer,
  withLogFields,
} from '@switchyard/observability';
import { HEADERS } from '../messaging.constants';

/** What the consumer knows of a delivery before it handles it. */
export interface DeliverySpanFacts {
  readonly queue: string;
  /** The exchange and routing key it was published with (kept across retry tiers). */
  readonly exchange: string;
  readonly routingKey: string;
  readonly type: string;
  readonly messageId: string | undefined;
  readonly correlationId: string | undefined;
  readonly deliveryTag: number;
  readonly headers: Readonly<Record<string, unknown>>;
}

/**
 * Runs the handling of one delivery (inbox check, decoding, attempts, settlement) inside a CONSUMER
 * span `process <queue>`, child of the span whose `traceparent` the message carries (the publish span),
 * and with the event id, type, queue and correlation id as log fields of every line written meanwhile.
 * The delivery's outcome is noted on the span where it is decided (`switchyard.dead_letter.reason`, a
 * `retry` event, `switchyard.duplicate`).
 */
export async function withDeliverySpan<T>(facts: DeliverySpanFacts, fn: () => Promise<T>): Promise<T> {
  // From the message alone: whatever context the channel callback happens to run in is not its parent.
  const parent = contextFromTraceparent(facts.headers[HEADERS.traceparent]);
  const span = switchyardTracer().startSpan(
    `process ${facts.queue}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        [MESSAGING_ATTRIBUTES.system]: MESSAGING_VALUES.system,
        [MESSAGING_ATTRIBUTES.operationType]: MESSAGING_VALUES.process,
        [MESSAGING_ATTRIBUTES.operationName]: 'process',
        [MESSAGING_ATTRIBUTES.destinationName]: facts.exchange,
        [MESSAGING_ATTRIBUTES.subscriptionName]: facts.queue,
        [MESSAGING_ATTRIBUTES.routingKey]: facts.routingKey,
        [MESSAGING_ATTRIBUTES.deliveryTag]: facts.deliveryTag,
        ...(facts.messageId ? { [MESSAGING_ATTRIBUTES.messageId]: facts.messageId } : {}),
        ...(facts.correlationId ? { [MESSAGING_ATTRIBUTES.conversationId]: facts.correlationId } : {}),
        [SWITCHYARD_ATTRIBUTES.eventType]: facts.type,
      },
    },
    parent,
  );
  const fields = {
    eventId: facts.messageId,
    eventType: facts.type,
    queue: facts.queue,
    correlationId: facts.correlationId,
  };
  try {
    return await context.with(trace.setSpan(parent, span), () => withLogFields(fields, fn));
  } catch (err) {
    recordSpanError(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** Notes on the active delivery span that the message goes to its dead-letter queue, and why. */
export function noteDeadLetter(reason: string): void {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return;
  span.setAttribute(SWITCHYARD_ATTRIBUTES.deadLetterReason, reason);
  span.setStatus({ code: SpanStatusCode.ERROR, message: `dead-lettered: ${reason}` });
}

/** Notes on the active delivery span that an attempt failed and the message is retried. */
export function noteRetry(failures: number, tier: string): void {
  trace
    .getActiveSpan()
    ?.addEvent('retry', { [SWITCHYARD_ATTRIBUTES.attempt]: failures, 'switchyard.retry.tier': tier });
}

/** Notes on the active delivery span that the inbox had the message already (acked, not handled). */
export function noteDuplicate(): void {
  trace.getActiveSpan()?.setAttribute(SWITCHYARD_ATTRIBUTES.duplicate, true);
}

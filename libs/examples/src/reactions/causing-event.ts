import type { EventMetadata } from '@switchyard/event-store';
import { HEADERS, type MessageContext } from '@switchyard/messaging';
import { activeTraceparent } from '@switchyard/observability';

/** The event a reaction handles: its id (the reaction's idempotency key), its data and its lineage. */
export interface CausingEvent<T> {
  /** The event's id (the AMQP message id): the idempotency key of the command it causes. */
  readonly eventId: string;
  readonly data: T;
  /** Its correlation id; the reaction's events carry it on (the causing event's id when it has none). */
  readonly correlationId?: string;
  /**
   * The W3C `traceparent` the reaction's events continue: the handler's span (`handle <type>`, active
   * while the handler runs) when the app set up tracing, so their publish is its child; without an SDK,
   * the message's `traceparent` as it came, so the trace id still travels on.
   */
  readonly traceparent?: string;
}

/**
 * The causing event of a delivery: the message id, the validated payload, correlation and trace. Call it
 * in the handler (where its `handle` span is the active one).
 */
export function causingEvent<T>(ctx: MessageContext<T>): CausingEvent<T> {
  const traceparent = activeTraceparent() ?? ctx.headers[HEADERS.traceparent];
  return {
    eventId: ctx.messageId,
    data: ctx.event,
    ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
  };
}

/**
 * The metadata of the events a reaction appends: `causationId` is the causing event's id,
 * `correlationId` its correlation id (or its id, when it had none, so the chain starts there), the
 * `traceparent` of {@link CausingEvent.traceparent}, and `actor` the reacting domain.
 */
export function reactionMetadata(cause: CausingEvent<unknown>, actor: string): EventMetadata {
  return {
    causationId: cause.eventId,
    correlationId: cause.correlationId ?? cause.eventId,
    ...(cause.traceparent ? { traceparent: cause.traceparent } : {}),
    actor,
  };
}

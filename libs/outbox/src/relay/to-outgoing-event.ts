import type { OutgoingEvent } from '@switchyard/messaging';
import type { OutboxEvent, OutboxRouting } from './outbox-ports';

/** A stored event as a message: its domain's exchange, the contract's routing key, the standard headers. */
export function toOutgoingEvent(e: OutboxEvent, routing: OutboxRouting): OutgoingEvent {
  return {
    eventId: e.eventId,
    type: e.type,
    data: e.data,
    domain: routing.domainOf(e.type),
    routingKey: routing.routingKeyOf(e.type),
    stream: e.stream,
    revision: e.revision,
    schemaVersion: e.schemaVersion,
    position: String(e.position),
    correlationId: e.metadata?.correlationId,
    causationId: e.metadata?.causationId,
    traceparent: e.metadata?.traceparent,
    tenant: e.metadata?.tenant,
    actor: e.metadata?.actor,
    occurredAt: e.committedAt,
  };
}

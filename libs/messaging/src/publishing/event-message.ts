import { HEADERS } from '../messaging.constants';
import type { OutgoingEvent, PublishProperties } from './outgoing-message';

/**
 * The AMQP body and properties of one domain event: message-id = eventId, type, correlation-id, timestamp,
 * and the standard headers (stream, revision, schema version, position, causation, traceparent, tenant,
 * actor). Shared by every path that sends events, so a republished event looks exactly like the original.
 */
export function toEventMessage(event: OutgoingEvent): { content: Buffer; properties: PublishProperties } {
  const headers: Record<string, unknown> = { ...(event.headers ?? {}) };
  const standard: Record<string, unknown> = {
    [HEADERS.stream]: event.stream,
    [HEADERS.revision]: event.revision,
    [HEADERS.schemaVersion]: event.schemaVersion,
    [HEADERS.position]: event.position,
    [HEADERS.causationId]: event.causationId,
    [HEADERS.traceparent]: event.traceparent,
    [HEADERS.tenant]: event.tenant,
    [HEADERS.actor]: event.actor,
  };
  for (const [name, value] of Object.entries(standard)) {
    if (value !== undefined && value !== null) headers[name] = value;
  }
  return {
    content: Buffer.from(JSON.stringify(event.data ?? null)),
    properties: {
      messageId: event.eventId,
      type: event.type,
      correlationId: event.correlationId,
      timestamp: Math.floor((event.occurredAt ?? new Date()).getTime() / 1000),
      headers,
    },
  };
}

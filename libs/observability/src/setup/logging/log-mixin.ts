import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { currentLogFields } from '@switchyard/observability';

/**
 * The fields pino adds to every line at the moment it is written: the log fields of the work under way
 * (correlation id, event id, event type, queue) and the active span's `traceId` and `spanId`. A fresh
 * object each time (pino merges into it).
 */
export function logMixin(): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...currentLogFields() };
  const span = trace.getSpanContext(context.active());
  if (span && isSpanContextValid(span)) {
    fields.traceId = span.traceId;
    fields.spanId = span.spanId;
  }
  return fields;
}

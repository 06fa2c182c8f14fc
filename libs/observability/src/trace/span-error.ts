import { SpanStatusCode, type Span } from '@opentelemetry/api';

/** Marks `span` failed with `error`: status ERROR with the message, and the exception as a span event. */
export function recordSpanError(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

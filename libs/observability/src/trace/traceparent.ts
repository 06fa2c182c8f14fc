import {
  context,
  isSpanContextValid,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
  type SpanContext,
} from '@opentelemetry/api';

const TRACEPARENT = /^([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})(-.*)?$/;

/**
 * The W3C `traceparent` of a span context (`00-<trace id>-<span id>-<flags>`), or `undefined` for an
 * invalid one (the no-op API's context when no SDK is registered and nothing came in).
 */
export function formatTraceparent(spanContext: SpanContext | undefined): string | undefined {
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  const flags = (spanContext.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/**
 * The remote span context a `traceparent` names, or `undefined` when the value is not a valid W3C
 * traceparent (wrong shape, version `ff`, all-zero ids, extra fields on version 00). Accepts a Buffer, as
 * AMQP may hand header strings over as bytes.
 */
export function parseTraceparent(value: unknown): SpanContext | undefined {
  const text =
    typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
  const match = text === undefined ? null : TRACEPARENT.exec(text.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  const spanContext: SpanContext = {
    traceId: traceId!,
    spanId: spanId!,
    traceFlags: parseInt(flags!, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

/**
 * A context whose parent span is the one `traceparent` names (on top of `base`), or `base` itself when
 * the value is missing or malformed: a span started in it begins a new trace.
 */
export function contextFromTraceparent(traceparent: unknown, base: Context = ROOT_CONTEXT): Context {
  const parent = parseTraceparent(traceparent);
  return parent ? trace.setSpanContext(base, parent) : base;
}

/**
 * The `traceparent` of the active span: the HTTP request's, the handler's. `undefined` with no active
 * span, which is always the case when no OpenTelemetry SDK (context manager) is registered.
 */
export function activeTraceparent(): string | undefined {
  return formatTraceparent(trace.getSpanContext(context.active()));
}

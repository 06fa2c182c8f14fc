import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import {
  activeTraceparent,
  contextFromTraceparent,
  formatTraceparent,
  parseTraceparent,
} from './traceparent';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

describe('traceparent', () => {
  it('parses a W3C traceparent into a remote span context and formats it back', () => {
    const parsed = parseTraceparent(TRACEPARENT);
    expect(parsed).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    expect(formatTraceparent(parsed)).toBe(TRACEPARENT);
    expect(formatTraceparent(parseTraceparent(`00-${TRACE_ID}-${SPAN_ID}-00`))).toBe(
      `00-${TRACE_ID}-${SPAN_ID}-00`,
    );
  });

  it('reads AMQP headers handed over as bytes, and a future version with more fields', () => {
    expect(parseTraceparent(Buffer.from(TRACEPARENT))?.traceId).toBe(TRACE_ID);
    expect(formatTraceparent(parseTraceparent(`01-${TRACE_ID}-${SPAN_ID}-01-later`))).toBe(TRACEPARENT);
  });

  it.each([
    ['missing', undefined],
    ['not a string', 42],
    ['malformed', 'abc'],
    ['upper case', TRACEPARENT.toUpperCase()],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['all-zero span id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ['extra fields on version 00', `${TRACEPARENT}-x`],
  ])('refuses a %s value', (_, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
    expect(contextFromTraceparent(value)).toBe(ROOT_CONTEXT);
  });

  it('makes the named span the parent of a context', () => {
    const ctx = contextFromTraceparent(TRACEPARENT);
    expect(trace.getSpanContext(ctx)).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID });
    expect(formatTraceparent(trace.getSpanContext(ctx))).toBe(TRACEPARENT);
  });

  it('has no active traceparent without an SDK, even inside a context that names one', () => {
    // No context manager is registered: the API's context.with is a no-op, nothing is active.
    expect(context.with(contextFromTraceparent(TRACEPARENT), () => activeTraceparent())).toBeUndefined();
    expect(formatTraceparent(undefined)).toBeUndefined();
  });
});

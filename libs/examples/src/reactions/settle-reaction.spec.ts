import { AggregateNotFoundError } from '@switchyard/event-store';
import { DeadLetter, HEADERS, type MessageContext } from '@switchyard/messaging';
import { formatTraceparent, switchyardTracer } from '@switchyard/observability';
import { setupTracing, type Tracing } from '@switchyard/observability/setup';
import { PaymentTransitionError } from '../payments/payment-transition.error';
import { causingEvent, reactionMetadata } from './causing-event';
import { settleReaction } from './settle-reaction';

describe('settleReaction', () => {
  it('acks a reaction that succeeded', async () => {
    await expect(settleReaction(async () => ({ id: 'x' }))).resolves.toBeUndefined();
  });

  it('dead-letters a permanent error with its code and message, and throws a transient one on', async () => {
    const result = await settleReaction(async () => {
      throw new PaymentTransitionError('p-1', 'capture', 'failed');
    });
    expect(result).toBeInstanceOf(DeadLetter);
    expect(result?.reason).toBe(
      'SWITCHYARD_PAYMENT_TRANSITION: payment p-1: cannot capture a payment that is failed',
    );
    const missing = new AggregateNotFoundError('payment-p-2', 'p-2');
    await expect(
      settleReaction(async () => {
        throw missing;
      }),
    ).rejects.toBe(missing);
  });
});

describe('causingEvent and reactionMetadata', () => {
  it('take the id, payload, correlation and traceparent of a delivery on to the reaction (no SDK)', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const ctx = {
      messageId: 'e-1',
      event: { orderId: 'o-1' },
      correlationId: 'checkout-1',
      headers: { [HEADERS.traceparent]: traceparent },
    } as unknown as MessageContext<{ orderId: string }>;
    const cause = causingEvent(ctx);
    expect(cause).toEqual({
      eventId: 'e-1',
      data: { orderId: 'o-1' },
      correlationId: 'checkout-1',
      traceparent,
    });
    expect(reactionMetadata(cause, 'payments')).toEqual({
      causationId: 'e-1',
      correlationId: 'checkout-1',
      traceparent,
      actor: 'payments',
    });
    const bare = causingEvent({ ...ctx, correlationId: undefined, headers: {} });
    expect(reactionMetadata(bare, 'orders')).toEqual({
      causationId: 'e-1',
      correlationId: 'e-1',
      actor: 'orders',
    });
  });
});

describe('causingEvent with tracing set up', () => {
  let tracing: Tracing | undefined;
  beforeAll(() => {
    tracing = setupTracing({ serviceName: 'examples-spec', exporter: 'none' });
  });
  afterAll(() => tracing?.shutdown());

  it('carries the active handler span’s traceparent, so the reaction’s publish is its child', () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const ctx = {
      messageId: 'e-1',
      event: {},
      headers: { [HEADERS.traceparent]: incoming },
    } as unknown as MessageContext;
    const { cause, handle } = switchyardTracer().startActiveSpan('handle order.placed', (span) => {
      span.end();
      return { cause: causingEvent(ctx), handle: formatTraceparent(span.spanContext()) };
    });
    expect(handle).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(cause.traceparent).toBe(handle);
    expect(reactionMetadata(cause, 'payments').traceparent).toBe(handle);
    // Outside any span, the message's own traceparent, as it came
    expect(causingEvent(ctx).traceparent).toBe(incoming);
  });
});

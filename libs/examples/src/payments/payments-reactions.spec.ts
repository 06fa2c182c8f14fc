import { randomUUID } from 'node:crypto';
import { derivedEventId, isAggregateNotFoundError, type EventStore } from '@switchyard/event-store';
import { getInMemoryEventStore } from '@switchyard/testing';
import { exampleEventRegistry } from '../contracts/example-event-registry';
import { exampleOrderPlaced } from '../contracts/orders/order-placed.example';
import type { CausingEvent } from '../reactions/causing-event';
import { isPermanentReactionError } from '../reactions/settle-reaction';
import { declineReason, DECLINED_CARD_LAST4 } from './payment-decline-rule';
import { paymentIdForOrder, paymentStream } from './payment-ids';
import { PaymentsReactions } from './payments-reactions';

const ORDER = 'o-1';
const PAYMENT = paymentIdForOrder(ORDER);
const STREAM = paymentStream(PAYMENT);

/** A causing event, correlated unless `correlationId` is null. */
function cause<T>(data: T, correlationId: string | null = 'checkout-42'): CausingEvent<T> {
  return { eventId: randomUUID(), data, ...(correlationId ? { correlationId } : {}) };
}
const placed = (overrides = {}) => cause(exampleOrderPlaced({ orderId: ORDER, total: '9.00', ...overrides }));
const shipped = () => cause({ orderId: ORDER, carrier: 'DHL', trackingNumber: 'T-1' });
const cancelled = () => cause({ orderId: ORDER, reason: 'changed my mind' });

describe('PaymentsReactions', () => {
  let store: EventStore;
  let payments: PaymentsReactions;
  const stored = async () => store.readStream(STREAM);

  beforeEach(() => {
    store = getInMemoryEventStore(exampleEventRegistry());
    payments = new PaymentsReactions(store);
  });

  it('authorizes the total of a placed order, with the causing event as causation and its correlation', async () => {
    const event = placed();
    await expect(payments.onOrderPlaced(event)).resolves.toEqual({
      id: PAYMENT,
      status: 'authorized',
      revision: 0,
    });
    const [authorized, ...rest] = await stored();
    expect(rest).toEqual([]);
    expect(authorized).toMatchObject({
      type: 'payment.authorized',
      eventId: derivedEventId(event.eventId, STREAM, 0),
      data: { paymentId: PAYMENT, orderId: ORDER, amount: '9.00', currency: 'EUR' },
      metadata: { causationId: event.eventId, correlationId: 'checkout-42', actor: 'payments' },
    });
  });

  it(`declines a card ending in ${DECLINED_CARD_LAST4}, and authorizes any other card or none`, async () => {
    expect(declineReason({ cardLast4: '4242' })).toBeUndefined();
    expect(declineReason({})).toBeUndefined();
    const event = placed({ cardLast4: DECLINED_CARD_LAST4 });
    await expect(payments.onOrderPlaced(event)).resolves.toMatchObject({ status: 'failed' });
    expect((await stored()).map((e) => [e.type, e.data])).toEqual([
      [
        'payment.failed',
        {
          paymentId: PAYMENT,
          orderId: ORDER,
          reason: `card ending in ${DECLINED_CARD_LAST4} was declined by the issuer`,
        },
      ],
    ]);
  });

  it('appends nothing for a redelivered event, also when both copies run at once', async () => {
    const event = placed();
    await payments.onOrderPlaced(event);
    await payments.onOrderPlaced(event);
    const ship = shipped();
    await Promise.all([payments.onOrderShipped(ship), payments.onOrderShipped(ship)]);
    await expect(payments.onOrderShipped(ship)).resolves.toEqual({
      id: PAYMENT,
      status: 'captured',
      revision: 1,
    });
    expect((await stored()).map((e) => e.type)).toEqual(['payment.authorized', 'payment.captured']);
  });

  it('captures on order.shipped and carries the lineage; starts a correlation when there is none', async () => {
    await payments.onOrderPlaced(placed());
    const ship = cause({ orderId: ORDER, carrier: 'DHL', trackingNumber: 'T-1' }, null);
    await payments.onOrderShipped(ship);
    const captured = (await stored())[1]!;
    expect(captured).toMatchObject({
      type: 'payment.captured',
      eventId: derivedEventId(ship.eventId, STREAM, 0),
      data: { paymentId: PAYMENT, orderId: ORDER, amount: '9.00', currency: 'EUR' },
      metadata: { causationId: ship.eventId, correlationId: ship.eventId },
    });
  });

  it('refunds an authorized payment when its order is cancelled, once', async () => {
    await payments.onOrderPlaced(placed());
    const cancel = cancelled();
    await payments.onOrderCancelled(cancel);
    await payments.onOrderCancelled(cancel);
    expect((await stored()).map((e) => [e.type, e.metadata.causationId])).toEqual([
      ['payment.authorized', expect.any(String)],
      ['payment.refunded', cancel.eventId],
    ]);
  });

  it('leaves a declined payment alone when its order is cancelled', async () => {
    await payments.onOrderPlaced(placed({ cardLast4: DECLINED_CARD_LAST4 }));
    await expect(payments.onOrderCancelled(cancelled())).resolves.toMatchObject({ status: 'failed' });
    expect(await stored()).toHaveLength(1);
  });

  it('a payment not there yet may come (retry); capturing a declined one never can (dead letter)', async () => {
    const missing = await payments.onOrderShipped(shipped()).catch((e: unknown) => e);
    expect(isAggregateNotFoundError(missing)).toBe(true);
    expect(isPermanentReactionError(missing)).toBe(false);

    await payments.onOrderPlaced(placed({ cardLast4: DECLINED_CARD_LAST4 }));
    const forbidden = await payments.onOrderShipped(shipped()).catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ code: 'SWITCHYARD_PAYMENT_TRANSITION', command: 'capture' });
    expect(isPermanentReactionError(forbidden)).toBe(true);
  });
});

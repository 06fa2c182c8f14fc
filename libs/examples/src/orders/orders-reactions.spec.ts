import { randomUUID } from 'node:crypto';
import {
  AggregateRepository,
  derivedEventId,
  isAggregateNotFoundError,
  streamName,
  type EventStore,
} from '@switchyard/event-store';
import { getInMemoryEventStore } from '@switchyard/testing';
import { exampleEventRegistry } from '../contracts/example-event-registry';
import { exampleOrderPlaced } from '../contracts/orders/order-placed.example';
import type { PaymentAuthorized } from '../contracts/payments/payment-authorized.event';
import type { PaymentFailed } from '../contracts/payments/payment-failed.event';
import type { CausingEvent } from '../reactions/causing-event';
import { isPermanentReactionError } from '../reactions/settle-reaction';
import { Order } from './order.aggregate';
import { OrdersReactions } from './orders-reactions';

const ORDER = 'o-7';
const STREAM = streamName('order', ORDER);
const authorizedEvent = (): CausingEvent<PaymentAuthorized> => ({
  eventId: randomUUID(),
  correlationId: 'checkout-7',
  data: { paymentId: 'p-7', orderId: ORDER, amount: '9.00', currency: 'EUR' },
});
const failedEvent = (): CausingEvent<PaymentFailed> => ({
  eventId: randomUUID(),
  correlationId: 'checkout-7',
  data: { paymentId: 'p-7', orderId: ORDER, reason: 'card declined' },
});

describe('OrdersReactions', () => {
  let store: EventStore;
  let orders: AggregateRepository<Order>;
  let reactions: OrdersReactions;
  const types = async () => (await store.readStream(STREAM)).map((e) => e.type);

  beforeEach(async () => {
    store = getInMemoryEventStore(exampleEventRegistry());
    orders = new AggregateRepository<Order>(store, { create: (id) => new Order(id) });
    reactions = new OrdersReactions(store);
    const order = new Order(ORDER);
    const { orderId: _, ...placed } = exampleOrderPlaced({ orderId: ORDER });
    order.place(placed);
    await orders.create(order);
  });

  it('confirms a placed order on payment.authorized, once, carrying causation and correlation', async () => {
    const cause = authorizedEvent();
    await expect(reactions.onPaymentAuthorized(cause)).resolves.toEqual({
      id: ORDER,
      status: 'confirmed',
      revision: 1,
    });
    await reactions.onPaymentAuthorized(cause);
    const events = await store.readStream(STREAM);
    expect(events.map((e) => e.type)).toEqual(['order.placed', 'order.confirmed']);
    expect(events[1]).toMatchObject({
      eventId: derivedEventId(cause.eventId, STREAM, 0),
      metadata: { causationId: cause.eventId, correlationId: 'checkout-7', actor: 'orders' },
    });
  });

  it('leaves an order cancelled meanwhile as it is on payment.authorized', async () => {
    await orders.execute(ORDER, (o) => o.cancel('customer changed their mind'));
    await expect(reactions.onPaymentAuthorized(authorizedEvent())).resolves.toMatchObject({
      status: 'cancelled',
    });
    expect(await types()).toEqual(['order.placed', 'order.cancelled']);
  });

  it('cancels the order on payment.failed with the reason, once', async () => {
    const cause = failedEvent();
    await reactions.onPaymentFailed(cause);
    await reactions.onPaymentFailed(cause);
    const events = await store.readStream(STREAM);
    expect(events.map((e) => [e.type, e.data.reason, e.metadata.causationId])).toEqual([
      ['order.placed', undefined, undefined],
      ['order.cancelled', 'payment failed: card declined', cause.eventId],
    ]);
  });

  it('a shipped order cannot be cancelled by a failed payment (dead letter); a missing one may come', async () => {
    await orders.execute(ORDER, (o) => o.confirm());
    await orders.execute(ORDER, (o) => o.ship('DHL', 'T-1'));
    const forbidden = await reactions.onPaymentFailed(failedEvent()).catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ code: 'SWITCHYARD_ORDER_TRANSITION', status: 'shipped' });
    expect(isPermanentReactionError(forbidden)).toBe(true);

    const missing = await reactions
      .onPaymentAuthorized({ ...authorizedEvent(), data: { ...authorizedEvent().data, orderId: 'nope' } })
      .catch((e: unknown) => e);
    expect(isAggregateNotFoundError(missing)).toBe(true);
    expect(isPermanentReactionError(missing)).toBe(false);
  });
});

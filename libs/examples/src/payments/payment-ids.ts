import { nameBasedUuid, streamName } from '@switchyard/event-store';

/** Aggregate type of payments: streams are `payment-<paymentId>`. */
export const PAYMENT_AGGREGATE_TYPE = 'payment';

/**
 * The id of the one payment of an order: a name-based UUID of the order id, so payments finds the
 * payment of an `order.shipped` or `order.cancelled` without a look-up, and the API can answer
 * `GET /orders/:id/payment` the same way.
 */
export function paymentIdForOrder(orderId: string): string {
  return nameBasedUuid('switchyard:payment', orderId);
}

/** The stream of a payment, `payment-<paymentId>`. */
export function paymentStream(paymentId: string): string {
  return streamName(PAYMENT_AGGREGATE_TYPE, paymentId);
}

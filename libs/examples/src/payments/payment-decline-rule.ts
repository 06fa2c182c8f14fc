import type { OrderPlaced } from '../contracts/orders/order-placed.event';

/**
 * Last four digits of the card the example provider always declines, after the well-known test card
 * 4000 0000 0000 0002 ("card declined").
 */
export const DECLINED_CARD_LAST4 = '0002';

/**
 * The example system's payment provider, as a rule: an order paid with a card ending in
 * {@link DECLINED_CARD_LAST4} is declined; every other order (with another card or none) is authorized
 * for its total. Returns the reason of a decline, `undefined` for an authorization. Pure, so a
 * redelivered `order.placed` is decided the same way.
 */
export function declineReason(order: Pick<OrderPlaced, 'cardLast4'>): string | undefined {
  return order.cardLast4 === DECLINED_CARD_LAST4
    ? `card ending in ${DECLINED_CARD_LAST4} was declined by the issuer`
    : undefined;
}

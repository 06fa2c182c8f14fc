import type { OrderOutcome } from '../run/demo-observation';

/** The event types of the orders/payments flows, in the order they happen. */
export const FLOW_EVENT_TYPES = [
  'order.placed',
  'payment.authorized',
  'payment.failed',
  'order.confirmed',
  'order.cancelled',
  'order.shipped',
  'payment.captured',
  'payment.refunded',
] as const;

/**
 * How many events of each type an order must have once the system is quiet, from what the API accepted
 * (docs/example-system.md): placed → exactly one payment outcome → exactly one confirmation (or, declined,
 * one cancellation); a shipment → exactly one capture; a customer's cancellation after authorization →
 * exactly one refund. Every type not named: none.
 */
export function expectedEventCounts(order: OrderOutcome): Record<string, number> {
  if (!order.placed) return {};
  const declined = order.scenario === 'decline';
  return {
    'order.placed': 1,
    'payment.authorized': declined ? 0 : 1,
    'payment.failed': declined ? 1 : 0,
    'order.confirmed': declined ? 0 : 1,
    'order.cancelled': declined || order.cancelledByCustomer ? 1 : 0,
    'order.shipped': order.shipped ? 1 : 0,
    'payment.captured': order.shipped ? 1 : 0,
    'payment.refunded': !declined && order.cancelledByCustomer ? 1 : 0,
  };
}

/** Per order id, how many events of each type the store holds. */
export function eventCountsByOrder(
  events: readonly { readonly type: string; readonly orderId?: string }[],
): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const e of events) {
    if (e.orderId === undefined) continue;
    const counts = out.get(e.orderId) ?? {};
    counts[e.type] = (counts[e.type] ?? 0) + 1;
    out.set(e.orderId, counts);
  }
  return out;
}

/** `type expected n, stored m` for each type that differs; empty when the order reconciles. */
export function reactionDifferences(
  expected: Record<string, number>,
  actual: Record<string, number> | undefined,
): string[] {
  const types = new Set([...Object.keys(expected), ...Object.keys(actual ?? {})]);
  return [...types]
    .filter((t) => (expected[t] ?? 0) !== (actual?.[t] ?? 0))
    .map((t) => `${t} expected ${expected[t] ?? 0}, stored ${actual?.[t] ?? 0}`);
}

/**
 * What happens to one order of the demo's load:
 * - `keep`: placed, authorized, confirmed, left so;
 * - `ship`: confirmed, then shipped (payments captures);
 * - `cancel`: confirmed, then cancelled by the customer (payments refunds);
 * - `decline`: paid with the declined test card (`cardLast4` 0002): payment fails, orders cancels.
 */
export type OrderScenario = 'keep' | 'ship' | 'cancel' | 'decline';

/** One order of the load: its scenario and the extra requests that exercise the API's rules. */
export interface PlannedOrder {
  readonly index: number;
  /** The `Idempotency-Key` of its `POST /orders` (the order id derives from it). */
  readonly idempotencyKey: string;
  readonly scenario: OrderScenario;
  /** Sends the same `POST /orders` again, as a client that lost the answer would: expect a replay. */
  readonly replay: boolean;
  /** After a decline, tries to ship the cancelled order: expect 409 `SWITCHYARD_ORDER_TRANSITION`. */
  readonly shipAfterDecline: boolean;
  readonly body: Record<string, unknown>;
}

/**
 * The mix, by position in each block of 20 orders, so that even `--orders 20` has every case: 8 shipped,
 * 3 declined, 2 cancelled, 7 kept; every 10th order is replayed, every other decline is shipped anyway.
 */
const BLOCK: readonly OrderScenario[] = [
  'ship', 'keep', 'ship', 'decline', 'keep', 'cancel', 'ship', 'keep', 'ship', 'keep',
  'ship', 'decline', 'keep', 'cancel', 'ship', 'keep', 'ship', 'decline', 'ship', 'keep',
]; // prettier-ignore

/** The declined test card of the example payments service (docs/example-system.md). */
export const DECLINED_CARD_LAST4 = '0002';

/** The demo's load: `count` orders, their keys unique to the run. Pure: the same arguments, the same plan. */
export function planLoad(count: number, runId: string): PlannedOrder[] {
  const out: PlannedOrder[] = [];
  let declines = 0;
  for (let index = 0; index < count; index++) {
    const scenario = BLOCK[index % BLOCK.length]!;
    if (scenario === 'decline') declines++;
    const quantity = 1 + (index % 3);
    const unit = 5 + (index % 7);
    out.push({
      index,
      idempotencyKey: `demo-${runId}-order-${index}`,
      scenario,
      replay: index % 10 === 7,
      shipAfterDecline: scenario === 'decline' && declines % 2 === 1,
      body: {
        customerId: `customer-${index % 97}`,
        lines: [{ sku: `SKU-${index % 13}`, quantity, unitPrice: `${unit}.00` }],
        total: `${quantity * unit}.00`,
        currency: 'EUR',
        customerPhone: `+4915100${String(index).padStart(6, '0')}`,
        cardLast4: scenario === 'decline' ? DECLINED_CARD_LAST4 : '4242',
      },
    });
  }
  return out;
}

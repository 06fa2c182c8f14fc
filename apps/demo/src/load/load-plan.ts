import { FAKE_RULES } from '@switchyard/notifications';

/**
 * What happens to one order of the demo's load:
 * - `keep`: placed, authorized, confirmed, left so;
 * - `ship`: confirmed, then shipped (payments captures);
 * - `cancel`: confirmed, then cancelled by the customer (payments refunds);
 * - `decline`: paid with the declined test card (`cardLast4` 0002): payment fails, orders cancels.
 */
export type OrderScenario = 'keep' | 'ship' | 'cancel' | 'decline';

/**
 * Where the order's notifications go (the `order.placed` fields `customerPushToken`, `customerPhone`),
 * chosen so the provider fake answers as the load wants (its rules: docs/notifications.md):
 * a device token it accepts, an `unregistered-` one (404 UNREGISTERED), or none; a phone it accepts, or
 * one it refuses with 21211 (invalid number).
 */
export interface OrderContact {
  readonly pushToken?: string;
  readonly phone: string;
}

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
  readonly contact: OrderContact;
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

/**
 * The notification inputs, by position in the block: an `unregistered-` push token on a kept order (one
 * push dead-lettered) and on a shipped one (its second push, on `payment.captured`, finds the token
 * marked); no push token on two kept orders (their pushes are skipped); a number refused with 21211 on a
 * shipped and on a declined order (each one's SMS is dead-lettered). Every other order gets a device
 * token and a number the fake accepts: 16 of 20 orders get a push on `order.placed`.
 */
const UNREGISTERED_TOKEN_AT: readonly number[] = [4, 6];
const NO_PUSH_TOKEN_AT: readonly number[] = [9, 15];
const INVALID_PHONE_AT: readonly number[] = [8, 17];

/** The declined test card of the example payments service (docs/example-system.md). */
export const DECLINED_CARD_LAST4 = '0002';

/** The provider 503 burst of a run: switched on in the fake before order `atOrder` is placed. */
export interface ProviderBurst {
  readonly atOrder: number;
  /** Provider requests (push or SMS) answered 503 with `Retry-After`. */
  readonly count: number;
  readonly status: 503;
  readonly retryAfterSeconds: number;
}

/**
 * Half-way through the load, the next `orders / 5` provider requests (at least 2, at most 100) fail with
 * 503 and `Retry-After: 1`: the workers retry them through the ladder, and each notification is still
 * accepted once. Few enough that no message meets five of them in a row (it would be dead-lettered).
 */
export function planProviderBurst(orders: number): ProviderBurst {
  return {
    atOrder: Math.floor(orders / 2),
    count: Math.min(100, Math.max(2, Math.ceil(orders / 5))),
    status: 503,
    retryAfterSeconds: 1,
  };
}

/**
 * Every how many orders to take one for a sample of about `target` of `count` orders: a stride prime to
 * the scenario cycle, so the sample holds every scenario in the plan's proportions.
 */
export function sampleStride(count: number, target: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let stride = Math.max(1, Math.floor(count / target));
  while (stride > 1 && gcd(stride, BLOCK.length) !== 1) stride--;
  return stride;
}

/** The demo's load: `count` orders, their keys unique to the run. Pure: the same arguments, the same plan. */
export function planLoad(count: number, runId: string): PlannedOrder[] {
  const out: PlannedOrder[] = [];
  let declines = 0;
  for (let index = 0; index < count; index++) {
    const position = index % BLOCK.length;
    const scenario = BLOCK[position]!;
    if (scenario === 'decline') declines++;
    const quantity = 1 + (index % 3);
    const unit = 5 + (index % 7);
    const contact = contactFor(index, position, runId);
    out.push({
      index,
      idempotencyKey: `demo-${runId}-order-${index}`,
      scenario,
      replay: index % 10 === 7,
      shipAfterDecline: scenario === 'decline' && declines % 2 === 1,
      contact,
      body: {
        customerId: `customer-${index % 97}`,
        lines: [{ sku: `SKU-${index % 13}`, quantity, unitPrice: `${unit}.00` }],
        total: `${quantity * unit}.00`,
        currency: 'EUR',
        customerPhone: contact.phone,
        ...(contact.pushToken === undefined ? {} : { customerPushToken: contact.pushToken }),
        cardLast4: scenario === 'decline' ? DECLINED_CARD_LAST4 : '4242',
      },
    });
  }
  return out;
}

function contactFor(index: number, position: number, runId: string): OrderContact {
  const pushToken = NO_PUSH_TOKEN_AT.includes(position)
    ? undefined
    : UNREGISTERED_TOKEN_AT.includes(position)
      ? `${FAKE_RULES.unregisteredTokenPrefix}${runId}-${index}`
      : `device-${runId}-${index}`;
  // +1555000000<d>: the fake's (and the docs') invalid numbers; the others are unique to the order.
  const phone = INVALID_PHONE_AT.includes(position)
    ? `+1555000000${index % 10}`
    : `+4915100${String(index).padStart(6, '0')}`;
  return pushToken === undefined ? { phone } : { pushToken, phone };
}

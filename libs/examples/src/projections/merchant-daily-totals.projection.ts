import { defineProjection, type ProjectionEvent } from '@switchyard/projections';
import type { OrderFacts } from '../contracts/orders/order-facts';
import type { OrderPlaced } from '../contracts/orders/order-placed.event';
import { addMoney } from './money';

/** Orders placed without a merchant (before `merchantId` existed) are counted under this one. */
export const UNASSIGNED_MERCHANT = 'unassigned';

/** One document per merchant, UTC day (of the event's commit) and currency. */
export interface MerchantDailyTotals {
  merchantId: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  currency: string;
  ordersPlaced: number;
  amountPlaced: string;
  ordersConfirmed: number;
  amountConfirmed: string;
  ordersCancelled: number;
  amountCancelled: string;
  [field: string]: unknown;
}

type Facts = Pick<OrderFacts, 'merchantId' | 'total' | 'currency'>;

const dayOf = (e: ProjectionEvent) => e.committedAt.toISOString().slice(0, 10);
const merchantOf = (data: Facts) => data.merchantId ?? UNASSIGNED_MERCHANT;
const idOf = (e: ProjectionEvent<Facts>) => `${merchantOf(e.data)}|${dayOf(e)}|${e.data.currency}`;

function totals(doc: MerchantDailyTotals | undefined, e: ProjectionEvent<Facts>): MerchantDailyTotals {
  return (
    doc ?? {
      merchantId: merchantOf(e.data),
      day: dayOf(e),
      currency: e.data.currency!,
      ordersPlaced: 0,
      amountPlaced: '0.00',
      ordersConfirmed: 0,
      amountConfirmed: '0.00',
      ordersCancelled: 0,
      amountCancelled: '0.00',
    }
  );
}

/** Confirmations and cancellations count when they carry the amount (events since `OrderFacts`). */
const withAmount = (e: ProjectionEvent<Facts>) => (e.data.total && e.data.currency ? [idOf(e)] : []);

/**
 * `merchant-daily-totals`: per merchant, day and currency, how many orders were placed, confirmed and
 * cancelled and for how much. Many orders of many streams feed one document: exact under several workers
 * and after any crash, with no `$inc` (amounts are exact decimal strings).
 */
export const merchantDailyTotalsProjection = defineProjection<MerchantDailyTotals>({
  name: 'merchant-daily-totals',
  version: 1,
  collection: 'merchant_daily_totals',
  handlers: {
    'order.placed': {
      documentIds: (e: ProjectionEvent<OrderPlaced>) => idOf(e),
      evolve: (doc, e: ProjectionEvent<OrderPlaced>) => {
        const t = totals(doc, e);
        return {
          ...t,
          ordersPlaced: t.ordersPlaced + 1,
          amountPlaced: addMoney(t.amountPlaced, e.data.total),
        };
      },
    },
    'order.confirmed': {
      documentIds: withAmount,
      evolve: (doc, e: ProjectionEvent<Facts>) => {
        const t = totals(doc, e);
        return {
          ...t,
          ordersConfirmed: t.ordersConfirmed + 1,
          amountConfirmed: addMoney(t.amountConfirmed, e.data.total!),
        };
      },
    },
    'order.cancelled': {
      documentIds: withAmount,
      evolve: (doc, e: ProjectionEvent<Facts>) => {
        const t = totals(doc, e);
        return {
          ...t,
          ordersCancelled: t.ordersCancelled + 1,
          amountCancelled: addMoney(t.amountCancelled, e.data.total!),
        };
      },
    },
  },
});

import {
  Projection,
  ProjectionHandler,
  ProjectionSideEffects,
  type ProjectionEvent,
} from '@switchyard/projections';
import type { OrderCancelled } from '../contracts/orders/order-cancelled.event';
import type { OrderPlaced } from '../contracts/orders/order-placed.event';
import type { OrderShipped } from '../contracts/orders/order-shipped.event';
import type { PaymentAmount } from '../contracts/payments/payment-amount';
import type { PaymentFailed } from '../contracts/payments/payment-failed.event';
import type { PaymentRef } from '../contracts/payments/payment-ref';
import type { OrderStatus } from '../orders/order.aggregate';
import { addMoney } from './money';

/** Where an order's money stands, as its payments events say. */
export type OrderPaymentStatus = 'none' | 'authorized' | 'captured' | 'failed' | 'refunded';

/** One document per order: `GET /orders`-style reads without loading the aggregate. */
export interface OrderSummary {
  orderId: string;
  status: OrderStatus | 'unknown';
  customerId?: string;
  merchantId?: string;
  total?: string;
  currency?: string;
  lines: number;
  items: number;
  placedAt?: Date;
  payment: OrderPaymentStatus;
  /** Captured minus refunded. */
  paid: string;
  trackingNumber?: string;
  cancelReason?: string;
  updatedAt: Date;
  [field: string]: unknown;
}

/** A notice the order summary sends when an order ships (its side effect), e.g. an e-mail. */
export interface OrderNotice {
  readonly kind: 'shipped';
  readonly orderId: string;
  readonly eventId: string;
  readonly trackingNumber: string;
}

/** Where notices go (a mail service, a queue; the worker writes them to a collection). */
export interface OrderNoticeSink {
  send(notice: OrderNotice): Promise<void>;
}

const byOrder = (e: ProjectionEvent) => (e.data as { orderId: string }).orderId;

function base(doc: OrderSummary | undefined, e: ProjectionEvent): OrderSummary {
  return (
    doc ?? {
      orderId: byOrder(e),
      status: 'unknown',
      lines: 0,
      items: 0,
      payment: 'none',
      paid: '0.00',
      updatedAt: e.committedAt,
    }
  );
}

/**
 * `order-summary`: status, totals, lines and payment state of each order, from orders and payments
 * events (a payment that arrives before its order still lands: the document starts as `unknown`).
 * Declared with decorators; `customer-orders` shows the plain-object form.
 */
@Projection({ name: 'order-summary', version: 1, collection: 'order_summaries', documentIds: byOrder })
export class OrderSummaryProjection {
  constructor(private readonly notices?: OrderNoticeSink) {}

  @ProjectionHandler('order.placed')
  placed(doc: OrderSummary | undefined, e: ProjectionEvent<OrderPlaced>): OrderSummary {
    const d = e.data;
    return {
      ...base(doc, e),
      status: 'placed',
      customerId: d.customerId,
      ...(d.merchantId === undefined ? {} : { merchantId: d.merchantId }),
      total: d.total,
      currency: d.currency,
      lines: d.lines.length,
      items: d.lines.reduce((n, l) => n + l.quantity, 0),
      placedAt: e.committedAt,
      updatedAt: e.committedAt,
    };
  }

  @ProjectionHandler('order.confirmed')
  confirmed(doc: OrderSummary | undefined, e: ProjectionEvent): OrderSummary {
    return { ...base(doc, e), status: 'confirmed', updatedAt: e.committedAt };
  }

  @ProjectionHandler('order.cancelled')
  cancelled(doc: OrderSummary | undefined, e: ProjectionEvent<OrderCancelled>): OrderSummary {
    return { ...base(doc, e), status: 'cancelled', cancelReason: e.data.reason, updatedAt: e.committedAt };
  }

  @ProjectionHandler('order.shipped')
  shipped(doc: OrderSummary | undefined, e: ProjectionEvent<OrderShipped>): OrderSummary {
    return {
      ...base(doc, e),
      status: 'shipped',
      trackingNumber: e.data.trackingNumber,
      updatedAt: e.committedAt,
    };
  }

  @ProjectionHandler(['payment.authorized', 'payment.failed'])
  paymentOutcome(
    doc: OrderSummary | undefined,
    e: ProjectionEvent<PaymentRef | PaymentFailed>,
  ): OrderSummary {
    const current = base(doc, e);
    // A late authorization or failure never undoes a capture
    if (current.payment === 'captured' || current.payment === 'refunded') return current;
    return {
      ...current,
      payment: e.type === 'payment.authorized' ? 'authorized' : 'failed',
      updatedAt: e.committedAt,
    };
  }

  @ProjectionHandler(['payment.captured', 'payment.refunded'])
  money(doc: OrderSummary | undefined, e: ProjectionEvent<PaymentAmount>): OrderSummary {
    const current = base(doc, e);
    const captured = e.type === 'payment.captured';
    return {
      ...current,
      payment: captured ? 'captured' : 'refunded',
      paid: addMoney(current.paid, captured ? e.data.amount : `-${e.data.amount}`),
      updatedAt: e.committedAt,
    };
  }

  /** Live only, at most once per event: tell the customer their order shipped. */
  @ProjectionSideEffects('order.shipped')
  async notify(e: ProjectionEvent): Promise<void> {
    if (!this.notices) return;
    const data = e.data as OrderShipped;
    await this.notices.send({
      kind: 'shipped',
      orderId: data.orderId,
      eventId: e.eventId,
      trackingNumber: data.trackingNumber,
    });
  }
}

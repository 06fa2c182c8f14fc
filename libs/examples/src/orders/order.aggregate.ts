import type { EventData } from '@switchyard/contracts';
import { AggregateRoot, type EventHandlers } from '@switchyard/event-store';
import { OrderCancelled } from '../contracts/orders/order-cancelled.event';
import { OrderConfirmed } from '../contracts/orders/order-confirmed.event';
import type { OrderFacts } from '../contracts/orders/order-facts';
import type { OrderLine } from '../contracts/orders/order-line';
import { OrderPlaced } from '../contracts/orders/order-placed.event';
import { OrderShipped } from '../contracts/orders/order-shipped.event';
import { OrderTransitionError } from './order-transition.error';

export type OrderStatus = 'new' | 'placed' | 'confirmed' | 'cancelled' | 'shipped';

/** The state of an order: what the demo's decisions need, nothing more. */
export interface OrderState {
  readonly status: OrderStatus;
  readonly customerId?: string;
  readonly merchantId?: string;
  readonly lines: readonly OrderLine[];
  readonly total?: string;
  readonly currency?: string;
  readonly cancelReason?: string;
  readonly trackingNumber?: string;
}

/** Aggregate type of orders: streams are `order-<id>`. */
export const ORDER_AGGREGATE_TYPE = 'order';

/** The demo system's order: place → confirm → ship, or cancel before shipping. */
export class Order extends AggregateRoot<OrderState> {
  readonly aggregateType = ORDER_AGGREGATE_TYPE;

  protected readonly handlers: EventHandlers<OrderState> = {
    'order.placed': (s, e: EventData<OrderPlaced>): OrderState => ({
      ...s,
      status: 'placed',
      customerId: e.customerId,
      ...(e.merchantId === undefined ? {} : { merchantId: e.merchantId }),
      lines: e.lines,
      total: e.total,
      currency: e.currency,
    }),
    'order.confirmed': (s): OrderState => ({ ...s, status: 'confirmed' }),
    'order.cancelled': (s, e: EventData<OrderCancelled>): OrderState => ({
      ...s,
      status: 'cancelled',
      cancelReason: e.reason,
    }),
    'order.shipped': (s, e: EventData<OrderShipped>): OrderState => ({
      ...s,
      status: 'shipped',
      trackingNumber: e.trackingNumber,
    }),
  };

  protected initialState(): OrderState {
    return { status: 'new', lines: [] };
  }

  place(data: Omit<EventData<OrderPlaced>, 'orderId'>): void {
    this.require('place', ['new']);
    this.raise(OrderPlaced, { orderId: this.id, ...data });
  }

  confirm(): void {
    this.require('confirm', ['placed']);
    this.raise(OrderConfirmed, { orderId: this.id, ...this.facts() });
  }

  cancel(reason: string): void {
    if (this.state.status === 'cancelled') return; // cancelling twice changes nothing
    this.require('cancel', ['placed', 'confirmed']);
    this.raise(OrderCancelled, { orderId: this.id, reason, ...this.facts() });
  }

  ship(carrier: string, trackingNumber: string): void {
    this.require('ship', ['confirmed']);
    this.raise(OrderShipped, { orderId: this.id, carrier, trackingNumber, ...this.facts() });
  }

  /** What later events carry for reporting (the merchant, the amount), so readers need not load the order. */
  private facts(): Omit<EventData<OrderFacts>, 'orderId'> {
    const { customerId, merchantId, total, currency } = this.state;
    return {
      ...(customerId === undefined ? {} : { customerId }),
      ...(merchantId === undefined ? {} : { merchantId }),
      ...(total === undefined ? {} : { total }),
      ...(currency === undefined ? {} : { currency }),
    };
  }

  private require(command: string, allowed: readonly OrderStatus[]): void {
    if (!allowed.includes(this.state.status))
      throw new OrderTransitionError(this.id, command, this.state.status);
  }
}

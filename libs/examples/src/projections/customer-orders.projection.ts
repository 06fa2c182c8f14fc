import { defineProjection, type ProjectionEvent } from '@switchyard/projections';
import type { OrderFacts } from '../contracts/orders/order-facts';
import type { OrderPlaced } from '../contracts/orders/order-placed.event';
import type { OrderStatus } from '../orders/order.aggregate';

/** One document per customer: their orders, newest last, with each order's status. */
export interface CustomerOrders {
  customerId: string;
  orders: Array<{ orderId: string; status: OrderStatus }>;
  count: number;
  [field: string]: unknown;
}

function withStatus(
  doc: CustomerOrders | undefined,
  e: ProjectionEvent<OrderFacts>,
  status: OrderStatus,
): CustomerOrders | null {
  if (!doc) return null; // placed before this projection could know the customer: nothing to update
  return {
    ...doc,
    orders: doc.orders.map((o) => (o.orderId === e.data.orderId ? { ...o, status } : o)),
  };
}

/** Later order events name the customer since `OrderFacts`; older ones do not, and touch nothing. */
const byCustomer = (e: ProjectionEvent<OrderFacts>) => (e.data.customerId ? [e.data.customerId] : []);

/**
 * `customer-orders`: a cross-aggregate read model (many order streams feed one document), kept exact
 * with several workers by the per-document marks, not by `$inc`. Declared as a plain object.
 */
export const customerOrdersProjection = defineProjection<CustomerOrders>({
  name: 'customer-orders',
  version: 1,
  collection: 'customer_orders',
  handlers: {
    'order.placed': {
      documentIds: (e: ProjectionEvent<OrderPlaced>) => e.data.customerId,
      evolve: (doc, e: ProjectionEvent<OrderPlaced>) => {
        const orders = doc?.orders ?? [];
        if (orders.some((o) => o.orderId === e.data.orderId)) return doc!;
        return {
          customerId: e.data.customerId,
          orders: [...orders, { orderId: e.data.orderId, status: 'placed' }],
          count: orders.length + 1,
        };
      },
    },
    'order.confirmed': {
      documentIds: byCustomer,
      evolve: (doc, e: ProjectionEvent<OrderFacts>) => withStatus(doc, e, 'confirmed') ?? doc ?? null,
    },
    'order.cancelled': {
      documentIds: byCustomer,
      evolve: (doc, e: ProjectionEvent<OrderFacts>) => withStatus(doc, e, 'cancelled') ?? doc ?? null,
    },
    'order.shipped': {
      documentIds: byCustomer,
      evolve: (doc, e: ProjectionEvent<OrderFacts>) => withStatus(doc, e, 'shipped') ?? doc ?? null,
    },
  },
});

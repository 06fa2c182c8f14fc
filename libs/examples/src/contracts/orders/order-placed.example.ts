import type { OrderPlaced } from './order-placed.event';

/** A valid `order.placed` payload for demos, docs and tests; override any field. */
export function exampleOrderPlaced(overrides: Partial<OrderPlaced> = {}): OrderPlaced {
  return {
    orderId: 'o-1',
    customerId: 'c-1',
    lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: '4.50' }],
    total: '9.00',
    currency: 'EUR',
    ...overrides,
  };
}

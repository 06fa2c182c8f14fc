import 'reflect-metadata';

/**
 * The example system's domain: what the demo apps use, and what a user's own domain lib looks like. None
 * of the toolkit libs (@switchyard/contracts, event-store, messaging, outbox) import it.
 */
export * from './contracts/example-domains';
export * from './contracts/example-event-registry';
export * from './contracts/orders/order-line';
export * from './contracts/orders/order-facts';
export * from './contracts/orders/order-placed.event';
export * from './contracts/orders/order-placed.example';
export * from './contracts/orders/order-confirmed.event';
export * from './contracts/orders/order-cancelled.event';
export * from './contracts/orders/order-shipped.event';
export * from './contracts/payments/payment-ref';
export * from './contracts/payments/payment-amount';
export * from './contracts/payments/payment-authorized.event';
export * from './contracts/payments/payment-captured.event';
export * from './contracts/payments/payment-failed.event';
export * from './contracts/payments/payment-refunded.event';
export * from './orders/order.aggregate';
export * from './orders/order-transition.error';
export * from './orders/orders-reactions';
export * from './payments/payment.aggregate';
export * from './payments/payment-transition.error';
export * from './payments/payment-ids';
export * from './payments/payment-decline-rule';
export * from './payments/payments-reactions';
export * from './reactions/causing-event';
export * from './reactions/reaction-result';
export * from './reactions/settle-reaction';
export * from './topology/example.topology';
export * from './topology/example-queues';
export * from './projections/money';
export * from './projections/order-summary.projection';
export * from './projections/customer-orders.projection';
export * from './projections/merchant-daily-totals.projection';
export * from './projections/example-projections';

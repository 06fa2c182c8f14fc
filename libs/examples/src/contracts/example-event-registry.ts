import { EventRegistry } from '@switchyard/contracts';
import { OrderCancelled } from './orders/order-cancelled.event';
import { OrderConfirmed } from './orders/order-confirmed.event';
import { OrderPlaced } from './orders/order-placed.event';
import { OrderShipped } from './orders/order-shipped.event';
import { PaymentAuthorized } from './payments/payment-authorized.event';
import { PaymentCaptured } from './payments/payment-captured.event';
import { PaymentFailed } from './payments/payment-failed.event';
import { PaymentRefunded } from './payments/payment-refunded.event';

/** Every contract of the demo system (orders and payments). */
export const EXAMPLE_EVENT_CONTRACTS = [
  OrderPlaced,
  OrderConfirmed,
  OrderCancelled,
  OrderShipped,
  PaymentAuthorized,
  PaymentCaptured,
  PaymentFailed,
  PaymentRefunded,
] as const;

/** A fresh registry holding the demo system's contracts; each call returns a new, independent one. */
export function exampleEventRegistry(): EventRegistry {
  return new EventRegistry().register(...EXAMPLE_EVENT_CONTRACTS);
}

import { topologyNames } from '@switchyard/messaging';
import { ORDERS_DOMAIN, PAYMENTS_DOMAIN } from '../contracts/example-domains';

/** Where payments takes the orders events it reacts to (`order.placed`, `order.shipped`, `order.cancelled`). */
export const PAYMENTS_ORDERS_QUEUE = topologyNames.queue({ domain: PAYMENTS_DOMAIN, purpose: 'orders' });

/** Where orders takes the payments events it reacts to (`payment.authorized`, `payment.failed`). */
export const ORDERS_PAYMENTS_QUEUE = topologyNames.queue({ domain: ORDERS_DOMAIN, purpose: 'payments' });

import { EventContract } from '@switchyard/contracts';
import { ORDERS_DOMAIN } from '../example-domains';
import { OrderFacts } from './order-facts';

/** The shop accepted a placed order. */
@EventContract({ type: 'order.confirmed', version: 1, domain: ORDERS_DOMAIN })
export class OrderConfirmed extends OrderFacts {}

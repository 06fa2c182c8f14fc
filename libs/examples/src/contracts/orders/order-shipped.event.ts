import { IsNotEmpty, IsString } from 'class-validator';
import { EventContract } from '@switchyard/contracts';
import { ORDERS_DOMAIN } from '../example-domains';
import { OrderFacts } from './order-facts';

/** A confirmed order left the warehouse. */
@EventContract({ type: 'order.shipped', version: 1, domain: ORDERS_DOMAIN })
export class OrderShipped extends OrderFacts {
  @IsString()
  @IsNotEmpty()
  carrier!: string;

  @IsString()
  @IsNotEmpty()
  trackingNumber!: string;
}

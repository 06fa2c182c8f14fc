import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { EventContract } from '@switchyard/contracts';
import { ORDERS_DOMAIN } from '../example-domains';
import { OrderFacts } from './order-facts';

/** An order was cancelled before it shipped. */
@EventContract({ type: 'order.cancelled', version: 1, domain: ORDERS_DOMAIN })
export class OrderCancelled extends OrderFacts {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

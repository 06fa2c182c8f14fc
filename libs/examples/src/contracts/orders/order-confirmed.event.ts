import { IsNotEmpty, IsString } from 'class-validator';
import { EventContract } from '@switchyard/contracts';
import { ORDERS_DOMAIN } from '../example-domains';

/** The shop accepted a placed order. */
@EventContract({ type: 'order.confirmed', version: 1, domain: ORDERS_DOMAIN })
export class OrderConfirmed {
  @IsString()
  @IsNotEmpty()
  orderId!: string;
}

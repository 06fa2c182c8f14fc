import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsISO4217CurrencyCode,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { EventContract } from '@switchyard/contracts';
import { E164_PATTERN, MONEY_PATTERN, ORDERS_DOMAIN } from '../example-domains';
import { OrderLine } from './order-line';

/** A customer placed an order. */
@EventContract({ type: 'order.placed', version: 1, domain: ORDERS_DOMAIN })
export class OrderPlaced {
  @IsString()
  @IsNotEmpty()
  orderId!: string;

  @IsString()
  @IsNotEmpty()
  customerId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => OrderLine)
  lines!: OrderLine[];

  /** Decimal string: the sum of quantity × unitPrice over the lines. */
  @Matches(MONEY_PATTERN, { message: 'total must be a decimal string like "19.99"' })
  total!: string;

  @IsISO4217CurrencyCode()
  currency!: string;

  /** The merchant selling it (reporting totals per merchant); absent on orders placed before it existed. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  merchantId?: string;

  /** E.164, for SMS notifications. */
  @IsOptional()
  @Matches(E164_PATTERN, { message: 'customerPhone must be an E.164 number like +4915112345678' })
  customerPhone?: string;
}

import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsISO4217CurrencyCode,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
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

  /**
   * Last four digits of the card paying for the order (never the whole number). Optional, added to
   * version 1 without breaking it: events stored before it simply lack it. Payments declines a card
   * ending in `0002` (see `declineReason`).
   */
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'cardLast4 must be the last four digits of the card, like "4242"' })
  cardLast4?: string;

  /**
   * The customer's device registration token, for push notifications (optional, added without a version
   * bump: events without it stay valid and simply get no push).
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  customerPushToken?: string;
}

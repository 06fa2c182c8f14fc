import { IsISO4217CurrencyCode, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { MONEY_PATTERN } from '../example-domains';

/**
 * What an order's later events carry about it, so readers (reporting, projections) need not load the
 * order: who bought, who sells, how much. Added after the first events were stored, so every field is
 * optional and older events simply lack them.
 */
export abstract class OrderFacts {
  @IsString()
  @IsNotEmpty()
  orderId!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  customerId?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  merchantId?: string;

  /** The order's total (decimal string), as placed. */
  @IsOptional()
  @Matches(MONEY_PATTERN, { message: 'total must be a decimal string like "19.99"' })
  total?: string;

  @IsOptional()
  @IsISO4217CurrencyCode()
  currency?: string;
}

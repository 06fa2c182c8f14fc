import { IsISO4217CurrencyCode, Matches } from 'class-validator';
import { MONEY_PATTERN } from '../example-domains';
import { PaymentRef } from './payment-ref';

/** A payments event that moves money: how much, in which currency. */
export abstract class PaymentAmount extends PaymentRef {
  /** Decimal string, e.g. `"19.99"`. */
  @Matches(MONEY_PATTERN, { message: 'amount must be a decimal string like "19.99"' })
  amount!: string;

  @IsISO4217CurrencyCode()
  currency!: string;
}

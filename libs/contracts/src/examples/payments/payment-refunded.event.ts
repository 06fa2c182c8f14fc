import { IsISO4217CurrencyCode, IsNotEmpty, IsString, Matches } from 'class-validator';
import { EventContract } from '../../event-contract.decorator';
import { MONEY_PATTERN, PAYMENTS_DOMAIN } from '../example-domains';

/** Money went back to the customer. */
@EventContract({ type: 'payment.refunded', version: 1, domain: PAYMENTS_DOMAIN })
export class PaymentRefunded {
  @IsString()
  @IsNotEmpty()
  paymentId!: string;

  @IsString()
  @IsNotEmpty()
  orderId!: string;

  /** Decimal string, e.g. `"19.99"`. */
  @Matches(MONEY_PATTERN, { message: 'amount must be a decimal string like "19.99"' })
  amount!: string;

  @IsISO4217CurrencyCode()
  currency!: string;
}

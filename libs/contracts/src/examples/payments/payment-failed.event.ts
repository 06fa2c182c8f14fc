import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { EventContract } from '../../event-contract.decorator';
import { PAYMENTS_DOMAIN } from '../example-domains';

/** The payment provider declined or errored. */
@EventContract({ type: 'payment.failed', version: 1, domain: PAYMENTS_DOMAIN })
export class PaymentFailed {
  @IsString()
  @IsNotEmpty()
  paymentId!: string;

  @IsString()
  @IsNotEmpty()
  orderId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

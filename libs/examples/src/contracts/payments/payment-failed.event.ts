import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { EventContract } from '@switchyard/contracts';
import { PAYMENTS_DOMAIN } from '../example-domains';
import { PaymentRef } from './payment-ref';

/** The payment provider declined or errored. */
@EventContract({ type: 'payment.failed', version: 1, domain: PAYMENTS_DOMAIN })
export class PaymentFailed extends PaymentRef {
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

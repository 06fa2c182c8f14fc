import { EventContract } from '@switchyard/contracts';
import { PAYMENTS_DOMAIN } from '../example-domains';
import { PaymentAmount } from './payment-amount';

/** The reserved amount was taken. */
@EventContract({ type: 'payment.captured', version: 1, domain: PAYMENTS_DOMAIN })
export class PaymentCaptured extends PaymentAmount {}

import { EventContract } from '@switchyard/contracts';
import { PAYMENTS_DOMAIN } from '../example-domains';
import { PaymentAmount } from './payment-amount';

/** The payment provider reserved the amount. */
@EventContract({ type: 'payment.authorized', version: 1, domain: PAYMENTS_DOMAIN })
export class PaymentAuthorized extends PaymentAmount {}

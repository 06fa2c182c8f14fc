import { EventContract } from '@switchyard/contracts';
import { PAYMENTS_DOMAIN } from '../example-domains';
import { PaymentAmount } from './payment-amount';

/** Money went back to the customer. */
@EventContract({ type: 'payment.refunded', version: 1, domain: PAYMENTS_DOMAIN })
export class PaymentRefunded extends PaymentAmount {}

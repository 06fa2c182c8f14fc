import { contractEvent } from '@switchyard/contracts';
import { AggregateSpec } from '@switchyard/testing';
import { PaymentAuthorized } from '../contracts/payments/payment-authorized.event';
import { PaymentCaptured } from '../contracts/payments/payment-captured.event';
import { PaymentFailed } from '../contracts/payments/payment-failed.event';
import { PaymentRefunded } from '../contracts/payments/payment-refunded.event';
import { Payment } from './payment.aggregate';
import { PaymentTransitionError } from './payment-transition.error';

const ID = 'pay-1';
const request = { orderId: 'o-1', amount: '9.00', currency: 'EUR' };
const money = { paymentId: ID, ...request };
const authorized = contractEvent(PaymentAuthorized, money);
const failed = contractEvent(PaymentFailed, { paymentId: ID, orderId: 'o-1', reason: 'declined' });
const captured = contractEvent(PaymentCaptured, money);
const refunded = contractEvent(PaymentRefunded, money);
const spec = () => AggregateSpec.for(Payment, ID);

describe('Payment', () => {
  it('authorizes or declines a new payment, once', () => {
    spec()
      .when((p) => p.authorize(request))
      .then([authorized]);
    spec()
      .when((p) => p.decline(request, 'declined'))
      .then([failed]);
    spec()
      .given([authorized])
      .when((p) => p.authorize(request))
      .thenThrows<PaymentTransitionError>(PaymentTransitionError, {
        paymentId: ID,
        command: 'authorize',
        status: 'authorized',
      });
    spec()
      .given([failed])
      .when((p) => p.decline(request, 'again'))
      .thenThrows(PaymentTransitionError);
  });

  it('captures an authorized payment for its amount; capturing again changes nothing', () => {
    spec()
      .given([authorized])
      .when((p) => p.capture())
      .then([captured]);
    spec()
      .given([authorized, captured])
      .when((p) => p.capture())
      .thenNothingHappened();
  });

  it('refunds an authorized or captured payment; refunding again changes nothing', () => {
    spec()
      .given([authorized])
      .when((p) => p.refund())
      .then([refunded]);
    spec()
      .given([authorized, captured])
      .when((p) => p.refund())
      .then([refunded]);
    spec()
      .given([authorized, refunded])
      .when((p) => p.refund())
      .thenNothingHappened();
  });

  it('refuses to capture or refund what was never authorized, and to capture a refunded payment', () => {
    for (const history of [[], [failed]]) {
      spec()
        .given(history)
        .when((p) => p.capture())
        .thenThrows(PaymentTransitionError);
      spec()
        .given(history)
        .when((p) => p.refund())
        .thenThrows(PaymentTransitionError);
    }
    spec()
      .given([authorized, refunded])
      .when((p) => p.capture())
      .thenThrows<PaymentTransitionError>(PaymentTransitionError, { status: 'refunded' });
  });

  it('folds its events purely into the state', () => {
    const payment = new Payment(ID);
    const start = payment.state;
    const next = payment.evolve(start, authorized);
    expect(start).toEqual({ status: 'new' });
    expect(next).toEqual({ status: 'authorized', orderId: 'o-1', amount: '9.00', currency: 'EUR' });
    payment.replay([authorized, captured]);
    expect([payment.state.status, payment.version]).toEqual(['captured', 1]);
    const declined = new Payment(ID);
    declined.replay([failed]);
    expect(declined.state).toEqual({ status: 'failed', orderId: 'o-1', failureReason: 'declined' });
  });
});

import type { EventData } from '@switchyard/contracts';
import { AggregateRoot, type EventHandlers } from '@switchyard/event-store';
import { PaymentAuthorized } from '../contracts/payments/payment-authorized.event';
import { PaymentCaptured } from '../contracts/payments/payment-captured.event';
import { PaymentFailed } from '../contracts/payments/payment-failed.event';
import { PaymentRefunded } from '../contracts/payments/payment-refunded.event';
import { PAYMENT_AGGREGATE_TYPE } from './payment-ids';
import { PaymentTransitionError } from './payment-transition.error';

export type PaymentStatus = 'new' | 'authorized' | 'failed' | 'captured' | 'refunded';

/** The state of a payment: what its decisions need, and what `GET /payments/:id` shows. */
export interface PaymentState {
  readonly status: PaymentStatus;
  readonly orderId?: string;
  /** Decimal string, e.g. `"19.99"`. */
  readonly amount?: string;
  readonly currency?: string;
  readonly failureReason?: string;
}

/** What an authorization or a decline is for. */
export interface PaymentRequest {
  readonly orderId: string;
  /** Decimal string, e.g. `"19.99"`. */
  readonly amount: string;
  readonly currency: string;
}

/**
 * The example system's payment of one order: authorized or declined when the order is placed, then
 * captured when it ships, or refunded when it is cancelled.
 *
 * ```
 * new ──authorize──► authorized ──capture──► captured ──refund──► refunded
 *  │                     └────────────refund──────────────────────┘
 *  └──decline──► failed
 * ```
 * Capturing a captured payment and refunding a refunded one change nothing (a repeated reaction);
 * every other move not drawn is a {@link PaymentTransitionError}.
 */
export class Payment extends AggregateRoot<PaymentState> {
  readonly aggregateType = PAYMENT_AGGREGATE_TYPE;

  protected readonly handlers: EventHandlers<PaymentState> = {
    'payment.authorized': (s, e: EventData<PaymentAuthorized>): PaymentState => ({
      ...s,
      status: 'authorized',
      orderId: e.orderId,
      amount: e.amount,
      currency: e.currency,
    }),
    'payment.failed': (s, e: EventData<PaymentFailed>): PaymentState => ({
      ...s,
      status: 'failed',
      orderId: e.orderId,
      failureReason: e.reason,
    }),
    'payment.captured': (s): PaymentState => ({ ...s, status: 'captured' }),
    'payment.refunded': (s): PaymentState => ({ ...s, status: 'refunded' }),
  };

  protected initialState(): PaymentState {
    return { status: 'new' };
  }

  /** The provider reserved the amount. */
  authorize(request: PaymentRequest): void {
    this.require('authorize', ['new']);
    this.raise(PaymentAuthorized, { paymentId: this.id, ...request });
  }

  /** The provider refused, for `reason`. */
  decline(request: Pick<PaymentRequest, 'orderId'>, reason: string): void {
    this.require('decline', ['new']);
    this.raise(PaymentFailed, { paymentId: this.id, orderId: request.orderId, reason });
  }

  /** Takes the reserved amount. */
  capture(): void {
    if (this.state.status === 'captured') return;
    this.require('capture', ['authorized']);
    this.raise(PaymentCaptured, this.amountData());
  }

  /** Gives the money back (an authorization is released, a capture paid back). */
  refund(): void {
    if (this.state.status === 'refunded') return;
    this.require('refund', ['authorized', 'captured']);
    this.raise(PaymentRefunded, this.amountData());
  }

  private amountData(): EventData<PaymentCaptured> {
    const { orderId, amount, currency } = this.state;
    return { paymentId: this.id, orderId: orderId!, amount: amount!, currency: currency! };
  }

  private require(command: string, allowed: readonly PaymentStatus[]): void {
    if (!allowed.includes(this.state.status))
      throw new PaymentTransitionError(this.id, command, this.state.status);
  }
}

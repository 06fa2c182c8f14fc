import { Injectable } from '@nestjs/common';
import { AggregateRepository, InjectEventStore, type EventStore } from '@switchyard/event-store';
import { Payment, paymentIdForOrder, type PaymentState } from '@switchyard/examples';
import { PaymentNotFoundError } from '../errors/payment-not-found.error';

/** A payment as `GET /payments/:id` shows it. */
export interface PaymentView extends PaymentState {
  readonly paymentId: string;
  /** Revision of the payment's stream. */
  readonly revision: number;
}

/**
 * Queries of payments, read from the Payment aggregate (the payments service writes them; the API only
 * reads). An order's payment has the id `paymentIdForOrder(orderId)`.
 */
@Injectable()
export class PaymentsService {
  private readonly payments: AggregateRepository<Payment>;

  constructor(@InjectEventStore() store: EventStore) {
    this.payments = new AggregateRepository<Payment>(store, { create: (id) => new Payment(id) });
  }

  /** @throws PaymentNotFoundError when the payment's stream does not exist */
  async get(paymentId: string): Promise<PaymentView> {
    return this.view(paymentId);
  }

  /** The payment of an order. @throws PaymentNotFoundError when payments has not reacted to it (yet) */
  async ofOrder(orderId: string): Promise<PaymentView> {
    return this.view(paymentIdForOrder(orderId), orderId);
  }

  private async view(paymentId: string, orderId?: string): Promise<PaymentView> {
    const payment = await this.payments.load(paymentId);
    if (payment.version < 0) throw new PaymentNotFoundError(paymentId, orderId);
    return { paymentId, revision: payment.version, ...payment.state };
  }
}

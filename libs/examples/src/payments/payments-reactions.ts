import { AggregateRepository, type EventStore } from '@switchyard/event-store';
import type { OrderCancelled } from '../contracts/orders/order-cancelled.event';
import type { OrderPlaced } from '../contracts/orders/order-placed.event';
import type { OrderShipped } from '../contracts/orders/order-shipped.event';
import { PAYMENTS_DOMAIN } from '../contracts/example-domains';
import { reactionMetadata, type CausingEvent } from '../reactions/causing-event';
import type { ReactionResult } from '../reactions/reaction-result';
import { declineReason } from './payment-decline-rule';
import { paymentIdForOrder } from './payment-ids';
import { Payment, type PaymentStatus } from './payment.aggregate';

/** What a payments reaction did to the order's payment. */
export type PaymentReactionResult = ReactionResult<PaymentStatus>;

/**
 * The payments domain's reactions to orders events, each a command on the order's `Payment` (its id
 * from {@link paymentIdForOrder}) with the causing event's id as the idempotency key: the new events'
 * ids derive from it, so a redelivered event appends nothing, and they carry the causing event's id as
 * `causationId` and its correlation id. A worker app calls them from its `@OnEvent` handlers.
 *
 * - `order.placed` → authorize the total (`payment.authorized`) or decline (`payment.failed`, see
 *   `declineReason`);
 * - `order.shipped` → capture (`payment.captured`);
 * - `order.cancelled` → refund an authorized or captured payment (`payment.refunded`); a declined one
 *   stays as it is.
 *
 * A payment that does not exist yet (its `order.placed` still on the retry ladder) is an
 * `AggregateNotFoundError`, which a retry may cure; a forbidden move (capturing a declined payment) is
 * a `PaymentTransitionError`, which none can.
 */
export class PaymentsReactions {
  private readonly payments: AggregateRepository<Payment>;

  constructor(store: EventStore) {
    this.payments = new AggregateRepository<Payment>(store, { create: (id) => new Payment(id) });
  }

  async onOrderPlaced(cause: CausingEvent<OrderPlaced>): Promise<PaymentReactionResult> {
    const { orderId, total, currency } = cause.data;
    const payment = new Payment(paymentIdForOrder(orderId));
    const request = { orderId, amount: total, currency };
    const declined = declineReason(cause.data);
    if (declined === undefined) payment.authorize(request);
    else payment.decline(request, declined);
    const { revision } = await this.payments.create(payment, {
      metadata: reactionMetadata(cause, PAYMENTS_DOMAIN),
      idempotencyKey: cause.eventId,
    });
    return { id: payment.id, status: payment.state.status, revision };
  }

  onOrderShipped(cause: CausingEvent<OrderShipped>): Promise<PaymentReactionResult> {
    return this.react(cause, (payment) => payment.capture());
  }

  onOrderCancelled(cause: CausingEvent<OrderCancelled>): Promise<PaymentReactionResult> {
    return this.react(cause, (payment) => {
      if (payment.state.status !== 'failed') payment.refund();
    });
  }

  private async react(
    cause: CausingEvent<{ orderId: string }>,
    decide: (payment: Payment) => void,
  ): Promise<PaymentReactionResult> {
    const paymentId = paymentIdForOrder(cause.data.orderId);
    const payment = await this.payments.execute(paymentId, decide, {
      requireExisting: true,
      metadata: reactionMetadata(cause, PAYMENTS_DOMAIN),
      idempotencyKey: cause.eventId,
    });
    return { id: paymentId, status: payment.state.status, revision: payment.version };
  }
}

import { AggregateRepository, type EventStore } from '@switchyard/event-store';
import { ORDERS_DOMAIN } from '../contracts/example-domains';
import type { PaymentAuthorized } from '../contracts/payments/payment-authorized.event';
import type { PaymentFailed } from '../contracts/payments/payment-failed.event';
import { reactionMetadata, type CausingEvent } from '../reactions/causing-event';
import type { ReactionResult } from '../reactions/reaction-result';
import { Order, type OrderStatus } from './order.aggregate';

/** What an orders reaction did to the order. */
export type OrderReactionResult = ReactionResult<OrderStatus>;

/** Longest `order.cancelled` reason the contract takes. */
const MAX_CANCEL_REASON = 500;

/**
 * The orders domain's reactions to payments events, each a command on the `Order` with the causing
 * event's id as the idempotency key (the new events' ids derive from it, so a redelivered event appends
 * nothing) and carrying its id as `causationId` and its correlation id:
 *
 * - `payment.authorized` → confirm a placed order (`order.confirmed`); an order confirmed already (by
 *   hand), shipped or cancelled meanwhile stays as it is (payments refunds a cancelled one on its own);
 * - `payment.failed` → cancel the order (`order.cancelled`, reason `payment failed: …`); one cancelled
 *   already stays so, a shipped one cannot be cancelled (`OrderTransitionError`: a dead letter for a
 *   person to look at).
 *
 * An order that does not exist is an `AggregateNotFoundError` (retried, then dead-lettered).
 */
export class OrdersReactions {
  private readonly orders: AggregateRepository<Order>;

  constructor(store: EventStore) {
    this.orders = new AggregateRepository<Order>(store, { create: (id) => new Order(id) });
  }

  onPaymentAuthorized(cause: CausingEvent<PaymentAuthorized>): Promise<OrderReactionResult> {
    return this.react(cause, (order) => {
      if (order.state.status === 'placed') order.confirm();
    });
  }

  onPaymentFailed(cause: CausingEvent<PaymentFailed>): Promise<OrderReactionResult> {
    const reason = `payment failed: ${cause.data.reason}`.slice(0, MAX_CANCEL_REASON);
    return this.react(cause, (order) => order.cancel(reason));
  }

  private async react(
    cause: CausingEvent<{ orderId: string }>,
    decide: (order: Order) => void,
  ): Promise<OrderReactionResult> {
    const { orderId } = cause.data;
    const order = await this.orders.execute(orderId, decide, {
      requireExisting: true,
      metadata: reactionMetadata(cause, ORDERS_DOMAIN),
      idempotencyKey: cause.eventId,
    });
    return { id: orderId, status: order.state.status, revision: order.version };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { eventTypeOf } from '@switchyard/contracts';
import {
  causingEvent,
  ORDERS_PAYMENTS_QUEUE,
  OrdersReactions,
  PaymentAuthorized,
  PaymentFailed,
  settleReaction,
  type OrderReactionResult,
} from '@switchyard/examples';
import { Ctx, OnEvent, type ConsumeResult, type MessageContext } from '@switchyard/messaging';

/**
 * The orders reactor, in the API beside the orders commands (every replica consumes `orders.payments`,
 * competing for its messages): confirms an order on `payment.authorized` and cancels it on
 * `payment.failed`, through `OrdersReactions` (a command on the Order, idempotent on the event id). A
 * permanent error (a forbidden move) dead-letters the event with its code; any other is retried.
 */
@Injectable()
export class OrdersReactor {
  private readonly logger = new Logger(OrdersReactor.name);

  constructor(private readonly reactions: OrdersReactions) {}

  @OnEvent({ consumer: ORDERS_PAYMENTS_QUEUE, type: eventTypeOf(PaymentAuthorized) })
  onPaymentAuthorized(@Ctx() ctx: MessageContext<PaymentAuthorized>): Promise<ConsumeResult> {
    return this.react(ctx, () => this.reactions.onPaymentAuthorized(causingEvent(ctx)));
  }

  @OnEvent({ consumer: ORDERS_PAYMENTS_QUEUE, type: eventTypeOf(PaymentFailed) })
  onPaymentFailed(@Ctx() ctx: MessageContext<PaymentFailed>): Promise<ConsumeResult> {
    return this.react(ctx, () => this.reactions.onPaymentFailed(causingEvent(ctx)));
  }

  private react(ctx: MessageContext, reaction: () => Promise<OrderReactionResult>): Promise<ConsumeResult> {
    return settleReaction(async () => {
      const { id, status, revision } = await reaction();
      this.logger.debug(`${ctx.type} ${ctx.messageId}: order ${id} ${status} at revision ${revision}`);
    });
  }
}

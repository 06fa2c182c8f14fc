import { Injectable, Logger } from '@nestjs/common';
import { eventTypeOf } from '@switchyard/contracts';
import {
  causingEvent,
  OrderCancelled,
  OrderPlaced,
  OrderShipped,
  PAYMENTS_ORDERS_QUEUE,
  PaymentsReactions,
  settleReaction,
  type PaymentReactionResult,
} from '@switchyard/examples';
import { Ctx, OnEvent, type ConsumeResult, type MessageContext } from '@switchyard/messaging';

/**
 * The payments reactor: the `@OnEvent` handlers of `payments.orders`, each calling one of the
 * `PaymentsReactions` (a command on the order's Payment, idempotent on the event id). A permanent
 * error (a forbidden move) dead-letters the event with its code; any other goes to the retry ladder.
 */
@Injectable()
export class PaymentsReactor {
  private readonly logger = new Logger(PaymentsReactor.name);

  constructor(private readonly reactions: PaymentsReactions) {}

  @OnEvent({ consumer: PAYMENTS_ORDERS_QUEUE, type: eventTypeOf(OrderPlaced) })
  onOrderPlaced(@Ctx() ctx: MessageContext<OrderPlaced>): Promise<ConsumeResult> {
    return this.react(ctx, () => this.reactions.onOrderPlaced(causingEvent(ctx)));
  }

  @OnEvent({ consumer: PAYMENTS_ORDERS_QUEUE, type: eventTypeOf(OrderShipped) })
  onOrderShipped(@Ctx() ctx: MessageContext<OrderShipped>): Promise<ConsumeResult> {
    return this.react(ctx, () => this.reactions.onOrderShipped(causingEvent(ctx)));
  }

  @OnEvent({ consumer: PAYMENTS_ORDERS_QUEUE, type: eventTypeOf(OrderCancelled) })
  onOrderCancelled(@Ctx() ctx: MessageContext<OrderCancelled>): Promise<ConsumeResult> {
    return this.react(ctx, () => this.reactions.onOrderCancelled(causingEvent(ctx)));
  }

  private react(ctx: MessageContext, reaction: () => Promise<PaymentReactionResult>): Promise<ConsumeResult> {
    return settleReaction(async () => {
      const { id, status, revision } = await reaction();
      this.logger.debug(`${ctx.type} ${ctx.messageId}: payment ${id} ${status} at revision ${revision}`);
    });
  }
}

import { Injectable } from '@nestjs/common';
import { OnEvent, type ConsumeResult, type MessageContext } from '@switchyard/messaging';
import { NOTIFICATION_QUEUES, NotificationDelivery } from '@switchyard/notifications';

/** `notifications.push`: a push on `order.placed` and on `payment.captured`. */
@Injectable()
export class PushNotificationsHandler {
  constructor(private readonly delivery: NotificationDelivery) {}

  @OnEvent({ consumer: NOTIFICATION_QUEUES.push, type: 'order.placed' })
  onOrderPlaced(ctx: MessageContext<{ orderId: string }>): Promise<ConsumeResult> {
    return this.delivery.sendPush(ctx);
  }

  @OnEvent({ consumer: NOTIFICATION_QUEUES.push, type: 'payment.captured' })
  onPaymentCaptured(ctx: MessageContext<{ orderId: string }>): Promise<ConsumeResult> {
    return this.delivery.sendPush(ctx);
  }
}

import { Injectable } from '@nestjs/common';
import { OnEvent, type ConsumeResult, type MessageContext } from '@switchyard/messaging';
import { NOTIFICATION_QUEUES, NotificationDelivery } from '@switchyard/notifications';

/** `notifications.sms`: an SMS on `order.shipped` and on `payment.failed`. */
@Injectable()
export class SmsNotificationsHandler {
  constructor(private readonly delivery: NotificationDelivery) {}

  @OnEvent({ consumer: NOTIFICATION_QUEUES.sms, type: 'order.shipped' })
  onOrderShipped(ctx: MessageContext<{ orderId: string }>): Promise<ConsumeResult> {
    return this.delivery.sendSms(ctx);
  }

  @OnEvent({ consumer: NOTIFICATION_QUEUES.sms, type: 'payment.failed' })
  onPaymentFailed(ctx: MessageContext<{ orderId: string }>): Promise<ConsumeResult> {
    return this.delivery.sendSms(ctx);
  }
}

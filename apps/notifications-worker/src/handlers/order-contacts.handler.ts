import { Injectable } from '@nestjs/common';
import type { EventData } from '@switchyard/contracts';
import type { OrderPlaced } from '@switchyard/examples';
import { OnEvent, type ConsumeResult, type MessageContext } from '@switchyard/messaging';
import { NOTIFICATION_QUEUES, NotificationDelivery } from '@switchyard/notifications';

/** `notifications.contacts`: keeps each placed order's push token and phone number. */
@Injectable()
export class OrderContactsHandler {
  constructor(private readonly delivery: NotificationDelivery) {}

  @OnEvent({ consumer: NOTIFICATION_QUEUES.contacts, type: 'order.placed' })
  onOrderPlaced(ctx: MessageContext<EventData<OrderPlaced>>): Promise<ConsumeResult> {
    return this.delivery.recordContact(ctx);
  }
}

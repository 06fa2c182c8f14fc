import { topologyNames } from '@switchyard/messaging';
import {
  FAKE_RULES,
  fakeNotificationKey,
  NOTIFICATION_QUEUES,
  PUSH_TEMPLATES,
  SMS_TEMPLATES,
  UNREGISTERED_REASON,
  type PushEventType,
  type SmsEventType,
} from '@switchyard/notifications';
import type { ExpectedDeadLetter, OrderOutcome, StoredEvent } from '../run/demo-observation';

/** The load's command a notification follows (its latency is measured from that command). */
export type NotificationCommand = 'place' | 'ship';

/** The command behind each notifying event: placing (`order.placed`, `payment.failed`) or shipping. */
const COMMAND_OF: Readonly<Record<PushEventType | SmsEventType, NotificationCommand>> = {
  'order.placed': 'place',
  'payment.failed': 'place',
  'order.shipped': 'ship',
  'payment.captured': 'ship',
};

/** What must become of one notification (one event on one channel) once the system is quiet. */
export interface ExpectedNotification {
  /** The worker's notification id, `<queue>:<event id>`. */
  readonly id: string;
  readonly channel: 'push' | 'sms';
  readonly queue: string;
  readonly template: string;
  readonly orderId: string;
  readonly eventId: string;
  readonly command: NotificationCommand;
  /**
   * `accepted`: by the provider, exactly once; `dead-letter`: in the queue's DLQ with one of
   * `deadLetterReasons`; `skipped`: no recipient, recorded as skipped and nothing sent.
   */
  readonly outcome: 'accepted' | 'dead-letter' | 'skipped';
  /** `accepted`: the provider fake's key for it. */
  readonly providerKey?: string;
  readonly deadLetterReasons?: readonly string[];
}

/**
 * The notifications of the example (docs/notifications.md) for the orders the load placed, from the events
 * the store holds: a push on `order.placed` and `payment.captured`, an SMS on `order.shipped` and
 * `payment.failed`. What becomes of each follows from the order's contact and the fake's rules: no push
 * token, skipped; an `unregistered-` token, dead-lettered `fcm:UNREGISTERED`, or `unregistered` when an
 * earlier push had the token marked already (for an order with two pushes, whichever reached the provider
 * first marks it: either may be either); a number the fake refuses, dead-lettered `twilio:21211` (or
 * `twilio:21610`); otherwise accepted once, under the key the fake records it by.
 */
export function expectedNotifications(
  orders: readonly OrderOutcome[],
  events: readonly StoredEvent[],
): ExpectedNotification[] {
  const placed = new Map(
    orders.filter((o) => o.placed && o.orderId !== undefined).map((o) => [o.orderId!, o]),
  );
  const out: ExpectedNotification[] = [];
  for (const e of events) {
    const order = e.orderId === undefined ? undefined : placed.get(e.orderId);
    if (!order) continue;
    if (e.type in PUSH_TEMPLATES) {
      const type = e.type as PushEventType;
      const queue = NOTIFICATION_QUEUES.push;
      const id = `${queue}:${e.eventId}`;
      const token = order.contact.pushToken;
      out.push({
        id,
        channel: 'push',
        queue,
        template: PUSH_TEMPLATES[type].name,
        orderId: order.orderId!,
        eventId: e.eventId,
        command: COMMAND_OF[type],
        ...(token === undefined
          ? { outcome: 'skipped' as const }
          : token.startsWith(FAKE_RULES.unregisteredTokenPrefix)
            ? {
                outcome: 'dead-letter' as const,
                deadLetterReasons: ['fcm:UNREGISTERED', UNREGISTERED_REASON],
              }
            : { outcome: 'accepted' as const, providerKey: `fcm:${id}` }),
      });
    } else if (e.type in SMS_TEMPLATES) {
      const type = e.type as SmsEventType;
      const queue = NOTIFICATION_QUEUES.sms;
      const template = SMS_TEMPLATES[type];
      const phone = order.contact.phone;
      const refusedWith = smsRefusal(phone);
      const body = (template.render as (d: unknown) => { body: string })(e.data ?? {}).body;
      out.push({
        id: `${queue}:${e.eventId}`,
        channel: 'sms',
        queue,
        template: template.name,
        orderId: order.orderId!,
        eventId: e.eventId,
        command: COMMAND_OF[type],
        ...(refusedWith === undefined
          ? {
              outcome: 'accepted' as const,
              providerKey: fakeNotificationKey('twilio', phone, body, undefined, ''),
            }
          : { outcome: 'dead-letter' as const, deadLetterReasons: [refusedWith] }),
      });
    }
  }
  return out;
}

/** The dead letters the notifications of the load must end as, per message. */
export function expectedDeadLetters(expected: readonly ExpectedNotification[]): ExpectedDeadLetter[] {
  return expected
    .filter((n) => n.outcome === 'dead-letter')
    .map((n) => ({
      queue: topologyNames.deadLetterQueue(n.queue),
      messageId: n.eventId,
      reasons: n.deadLetterReasons ?? [],
    }));
}

/** The fake's answer to a number (its documented rules), as the worker's dead-letter reason. */
function smsRefusal(phone: string): string | undefined {
  if (!FAKE_RULES.e164.test(phone) || FAKE_RULES.invalidNumbers.test(phone)) return 'twilio:21211';
  if (FAKE_RULES.unsubscribedNumbers.test(phone)) return 'twilio:21610';
  return undefined;
}

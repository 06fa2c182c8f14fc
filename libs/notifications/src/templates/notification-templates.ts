import type { EventData } from '@switchyard/contracts';
import type { OrderPlaced, OrderShipped, PaymentCaptured, PaymentFailed } from '@switchyard/examples';

/** What a push template renders: FCM's notification title and body, and string-only data for the app. */
export interface PushContent {
  readonly title: string;
  readonly body: string;
  readonly data: Readonly<Record<string, string>>;
}

/** What an SMS template renders. */
export interface SmsContent {
  readonly body: string;
}

/** A template: its name (recorded with each notification, counted by the demo) and how it renders. */
export interface NotificationTemplate<E, C> {
  readonly name: string;
  render(event: E): C;
}

/** The longest payment-failure reason quoted in an SMS, so one stays within two segments. */
export const MAX_SMS_REASON_LENGTH = 80;

/** One push template per event type that sends a push (the issue: order.placed and payment.captured). */
export const PUSH_TEMPLATES = {
  'order.placed': {
    name: 'order-placed',
    render: (e: EventData<OrderPlaced>): PushContent => ({
      title: 'Order placed',
      body: `Your order ${e.orderId} for ${e.total} ${e.currency} is placed.`,
      data: { kind: 'order.placed', orderId: e.orderId },
    }),
  } satisfies NotificationTemplate<EventData<OrderPlaced>, PushContent>,
  'payment.captured': {
    name: 'payment-captured',
    render: (e: EventData<PaymentCaptured>): PushContent => ({
      title: 'Payment received',
      body: `We received ${e.amount} ${e.currency} for order ${e.orderId}.`,
      data: { kind: 'payment.captured', orderId: e.orderId, paymentId: e.paymentId },
    }),
  } satisfies NotificationTemplate<EventData<PaymentCaptured>, PushContent>,
} as const;

/** One SMS template per event type that sends an SMS (the issue: order.shipped and payment.failed). */
export const SMS_TEMPLATES = {
  'order.shipped': {
    name: 'order-shipped',
    render: (e: EventData<OrderShipped>): SmsContent => ({
      body: `Your order ${e.orderId} has shipped with ${e.carrier}, tracking number ${e.trackingNumber}.`,
    }),
  } satisfies NotificationTemplate<EventData<OrderShipped>, SmsContent>,
  'payment.failed': {
    name: 'payment-failed',
    render: (e: EventData<PaymentFailed>): SmsContent => ({
      body: `The payment for your order ${e.orderId} failed (${truncate(e.reason, MAX_SMS_REASON_LENGTH)}). Please check your payment details.`,
    }),
  } satisfies NotificationTemplate<EventData<PaymentFailed>, SmsContent>,
} as const;

export type PushEventType = keyof typeof PUSH_TEMPLATES;
export type SmsEventType = keyof typeof SMS_TEMPLATES;

function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

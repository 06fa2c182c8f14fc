/** The notification records, one per event and channel, written through `recordWith` (the commit). */
export const NOTIFICATIONS_SENT_COLLECTION = 'notifications_sent';
/** Short leases: which delivery is sending a notification right now. */
export const NOTIFICATION_CLAIMS_COLLECTION = 'notification_claims';
/** Push tokens FCM reported UNREGISTERED: never sent to again. */
export const UNREGISTERED_TOKENS_COLLECTION = 'notification_unregistered_tokens';
/** Each placed order's push token and phone number, for the notifications about it that come later. */
export const ORDER_CONTACTS_COLLECTION = 'notification_contacts';

/** The queues of the notifications domain in the example topology. */
export const NOTIFICATION_QUEUES = {
  push: 'notifications.push',
  sms: 'notifications.sms',
  contacts: 'notifications.contacts',
} as const;

/** A provider request without an answer after this long fails as a transient `TIMEOUT`, in ms. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 5_000;
/** Push notifications per second per worker process. */
export const DEFAULT_PUSH_RATE_PER_SECOND = 50;
/** SMS per second per worker process. */
export const DEFAULT_SMS_RATE_PER_SECOND = 10;
/**
 * How long a send claim holds before another delivery may take it over, in ms: longer than an attempt
 * can live (the default 30 s visibility timeout, after which the attempt's signal aborts its request).
 */
export const DEFAULT_CLAIM_TTL_MS = 35_000;
/** How often a delivery waiting for another one's claim looks again, in ms. */
export const DEFAULT_CLAIM_POLL_MS = 200;
/** How long to wait before looking again for an order's contact details not recorded yet, in ms. */
export const DEFAULT_CONTACT_RETRY_MS = 1_000;
/** The reason of a dead letter for a push token marked unregistered earlier. */
export const UNREGISTERED_REASON = 'unregistered';
/** Span attribute of a provider request's CLIENT span (and the fake's SERVER span): `fcm` or `twilio`. */
export const NOTIFICATION_PROVIDER_ATTRIBUTE = 'switchyard.notification.provider';

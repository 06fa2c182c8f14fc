/**
 * `@switchyard/notifications`: the example system's notifications (not part of the toolkit): push and SMS
 * behind a provider interface, FCM HTTP v1 and Twilio Messages over HTTP, a template per event type, the
 * delivery rules the `notifications-worker` app runs, and a local fake of both providers.
 */
export * from './notifications.constants';

// Providers
export * from './providers/notification-provider';
export * from './providers/errors/notification-provider.error';
export * from './providers/errors/transient-provider.error';
export * from './providers/errors/permanent-provider.error';
export { parseRetryAfter } from './providers/retry-after';
export { FCM_ERROR_CODES, FCM_ERROR_TYPE, classifyFcmError } from './providers/fcm/fcm-errors';
export * from './providers/fcm/fcm-push.provider';
export { TWILIO_ERROR_CODES, classifyTwilioError } from './providers/twilio/twilio-errors';
export * from './providers/twilio/twilio-sms.provider';
export type { ProviderAnswer } from './providers/provider-request';

// Templates and delivery
export * from './templates/notification-templates';
export * from './delivery/token-bucket';
export * from './delivery/recipient-mask';
export * from './delivery/sent-notifications';
export * from './delivery/send-claims';
export * from './delivery/unregistered-tokens';
export * from './delivery/order-contacts';
export * from './delivery/errors/unregistered-recipient.error';
export * from './delivery/notification-delivery';

// Configuration
export * from './config/notifications-settings';

// The provider fake
export * from './fake/provider-fake';
export { FAKE_RULES } from './fake/provider-fake-rules';
export { PROVIDER_FAKE_ROUTES } from './fake/provider-fake-span';
export * from './fake/provider-fake-store';

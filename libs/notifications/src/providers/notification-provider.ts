/** One push notification to one device. */
export interface PushMessage {
  /** The device's registration token. */
  readonly token: string;
  readonly title: string;
  readonly body: string;
  /** Extra key/value pairs for the app (FCM takes string values only). */
  readonly data?: Readonly<Record<string, string>>;
}

/** One SMS to one number. */
export interface SmsMessage {
  /** E.164, e.g. `+4915112345678`. */
  readonly to: string;
  readonly body: string;
}

/** What a send may be given besides the message. */
export interface SendOptions {
  /** Aborts the request (the delivery's `ctx.signal`); the send then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** The provider took the notification. */
export interface ProviderAcceptance {
  /** The provider's id of it: FCM's message `name`, Twilio's `sid`. */
  readonly providerMessageId: string;
}

/**
 * Sends push notifications. Resolves when the provider accepted the message; rejects with a
 * `TransientProviderError` (retry later, maybe after `retryAfterMs`) or a `PermanentProviderError` (do not
 * retry), or with the signal's reason when aborted.
 */
export interface PushProvider {
  send(message: PushMessage, options?: SendOptions): Promise<ProviderAcceptance>;
}

/** Sends SMS; the same contract as {@link PushProvider}. */
export interface SmsProvider {
  send(message: SmsMessage, options?: SendOptions): Promise<ProviderAcceptance>;
}

/** Which provider answered: FCM for push, Twilio for SMS. */
export type ProviderName = 'fcm' | 'twilio';

/**
 * Base of the errors a notification provider's answer turns into: a stable `code`, the provider, the HTTP
 * status (when there was an answer) and the provider's own error code (`UNREGISTERED`, `21211`, ...).
 */
export abstract class NotificationProviderError extends Error {
  abstract readonly code: string;
  protected constructor(
    message: string,
    readonly provider: ProviderName,
    /** The provider's own code: FCM's `errorCode`/`status`, Twilio's numeric `code`, or `TIMEOUT`/`NETWORK`. */
    readonly providerCode: string,
    /** The HTTP status of the answer; undefined when none came (timeout, connection refused). */
    readonly httpStatus: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  /** `<provider>:<providerCode>`, e.g. `fcm:UNREGISTERED`, `twilio:21211`: the dead letter's reason. */
  get reason(): string {
    return `${this.provider}:${this.providerCode}`;
  }
}

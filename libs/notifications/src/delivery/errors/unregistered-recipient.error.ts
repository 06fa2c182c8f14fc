/**
 * A push token FCM reported UNREGISTERED earlier: the notification is dead-lettered (reason
 * `unregistered`) without calling the provider.
 */
export class UnregisteredRecipientError extends Error {
  readonly code = 'SWITCHYARD_NOTIFICATION_UNREGISTERED_RECIPIENT';
  constructor(
    /** Masked. */
    readonly recipient: string,
    readonly markedAt: Date,
    readonly providerCode: string,
    readonly markedByEvent: string,
  ) {
    super(
      `push token ${recipient} was reported ${providerCode} on ${markedAt.toISOString()} (event ${markedByEvent}): not sent`,
    );
    this.name = 'UnregisteredRecipientError';
  }
}

export function isUnregisteredRecipientError(err: unknown): err is UnregisteredRecipientError {
  return err instanceof UnregisteredRecipientError;
}

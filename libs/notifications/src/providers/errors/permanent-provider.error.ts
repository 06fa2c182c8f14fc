import { NotificationProviderError, type ProviderName } from './notification-provider.error';

/**
 * The provider refused the notification for good: retrying the same request cannot succeed (an
 * unregistered token, an invalid or unsubscribed number, a malformed message, bad credentials). The
 * worker dead-letters it with the provider's code in the reason.
 */
export class PermanentProviderError extends NotificationProviderError {
  readonly code = 'SWITCHYARD_NOTIFICATION_PERMANENT';
  constructor(
    provider: ProviderName,
    providerCode: string,
    httpStatus: number | undefined,
    detail: string,
    /**
     * The recipient itself is the problem (FCM `UNREGISTERED`, Twilio 21211 and 21610), not the message
     * or the credentials: no later notification to it can succeed either.
     */
    readonly recipientRejected: boolean,
  ) {
    super(
      `${provider} refused with ${providerCode}${httpStatus === undefined ? '' : ` (HTTP ${httpStatus})`}: ${detail}`,
      provider,
      providerCode,
      httpStatus,
    );
  }
}

export function isPermanentProviderError(err: unknown): err is PermanentProviderError {
  return err instanceof PermanentProviderError;
}

import { NotificationProviderError, type ProviderName } from './notification-provider.error';

/**
 * The provider could not take the notification now, and may later: 429, 5xx, a timeout, a refused or
 * broken connection. The worker retries it through the retry ladder, no sooner than `retryAfterMs`.
 */
export class TransientProviderError extends NotificationProviderError {
  readonly code = 'SWITCHYARD_NOTIFICATION_TRANSIENT';
  constructor(
    provider: ProviderName,
    providerCode: string,
    httpStatus: number | undefined,
    detail: string,
    /** From the answer's `Retry-After` header, in ms; undefined when it had none. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(
      `${provider} answered ${providerCode}${httpStatus === undefined ? '' : ` (HTTP ${httpStatus})`}: ${detail}` +
        (retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`),
      provider,
      providerCode,
      httpStatus,
      options,
    );
  }
}

export function isTransientProviderError(err: unknown): err is TransientProviderError {
  return err instanceof TransientProviderError;
}

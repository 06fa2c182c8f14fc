import { MessagingError } from '../../errors/messaging-error';

/** No broker of the list answered within the connect timeout. */
export class BrokerUnreachableError extends MessagingError {
  readonly code = 'SWITCHYARD_BROKER_UNREACHABLE';
  constructor(
    readonly urls: readonly string[],
    readonly timeoutMs: number,
    readonly lastError?: string,
  ) {
    super(
      `no broker answered within ${timeoutMs} ms (${urls.join(', ')})${lastError ? `: ${lastError}` : ''}`,
    );
  }
}

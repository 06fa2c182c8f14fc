import { MessagingError } from '../../errors/messaging-error';

/** A handler ran past its consumer's visibility timeout; the message is retried, its late result ignored. */
export class VisibilityTimeoutError extends MessagingError {
  readonly code = 'SWITCHYARD_VISIBILITY_TIMEOUT';
  constructor(
    readonly queue: string,
    readonly messageId: string,
    readonly timeoutMs: number,
  ) {
    super(`handler for ${messageId} on ${queue} ran past its visibility timeout of ${timeoutMs} ms`);
  }
}

export function isVisibilityTimeoutError(err: unknown): err is VisibilityTimeoutError {
  return err instanceof VisibilityTimeoutError;
}

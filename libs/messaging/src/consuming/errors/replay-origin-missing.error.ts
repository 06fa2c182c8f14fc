import { MessagingError } from '../../errors/messaging-error';
import { HEADERS } from '../../messaging.constants';

/**
 * A dead letter has no `x-original-queue` header, so a replay does not know where it came from: the
 * broker dead-lettered it itself (message TTL, max-length, a reject), not the runtime. It stays in the
 * DLQ until the replay names its target (`--to <queue>`). `diedOn` is the queue the broker says it died
 * on (`x-first-death-queue`), when it says.
 */
export class ReplayOriginMissingError extends MessagingError {
  readonly code = 'SWITCHYARD_REPLAY_ORIGIN_MISSING';
  readonly header = HEADERS.originalQueue;
  constructor(
    readonly messageId: string,
    readonly diedOn?: string,
  ) {
    super(
      `dead letter ${messageId || '(no message id)'} has no ${HEADERS.originalQueue} header` +
        (diedOn ? ` (the broker dead-lettered it from ${diedOn})` : ' (dead-lettered by the broker)') +
        ': name the target queue with --to <queue>',
    );
  }
}

export function isReplayOriginMissingError(err: unknown): err is ReplayOriginMissingError {
  return err instanceof ReplayOriginMissingError;
}

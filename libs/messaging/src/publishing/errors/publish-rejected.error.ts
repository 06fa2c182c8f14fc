import { MessagingError } from '../../errors/messaging-error';

/** The broker nacked a publish (e.g. a queue at its max length with `reject-publish`). */
export class PublishRejectedError extends MessagingError {
  readonly code = 'SWITCHYARD_PUBLISH_REJECTED';
  constructor(
    readonly exchange: string,
    readonly routingKey: string,
    readonly messageId: string,
    cause?: unknown,
  ) {
    super(`publish of ${messageId} to "${exchange}" (${routingKey}) was rejected by the broker`, { cause });
  }
}

export function isPublishRejectedError(err: unknown): err is PublishRejectedError {
  return err instanceof PublishRejectedError;
}

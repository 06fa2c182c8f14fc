import { MessagingError } from '../../errors/messaging-error';

/** A publish was not confirmed by the broker within the publish timeout (never dropped silently). */
export class PublishTimeoutError extends MessagingError {
  readonly code = 'SWITCHYARD_PUBLISH_TIMEOUT';
  constructor(
    readonly exchange: string,
    readonly routingKey: string,
    readonly messageId: string,
    readonly timeoutMs: number,
    /** What it was waiting for: room in the buffer, or the broker's confirm. */
    readonly waitingFor: 'buffer-room' | 'confirm',
  ) {
    super(
      `publish of ${messageId} to "${exchange}" (${routingKey}) not confirmed within ${timeoutMs} ms ` +
        `(waiting for ${waitingFor === 'confirm' ? 'the broker to confirm; is it reachable?' : 'room in the full publish buffer'})`,
    );
  }
}

export function isPublishTimeoutError(err: unknown): err is PublishTimeoutError {
  return err instanceof PublishTimeoutError;
}

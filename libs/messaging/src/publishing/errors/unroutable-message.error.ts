import { MessagingError } from '../../errors/messaging-error';

/**
 * The broker returned a `mandatory` publish: no queue is bound for the routing key and no alternate
 * exchange caught it.
 */
export class UnroutableMessageError extends MessagingError {
  readonly code = 'SWITCHYARD_UNROUTABLE';
  constructor(
    readonly exchange: string,
    readonly routingKey: string,
    readonly messageId: string,
    readonly replyText: string,
  ) {
    super(
      `message ${messageId} to exchange "${exchange}" with routing key "${routingKey}" is unroutable (${replyText})`,
    );
  }
}

export function isUnroutableMessageError(err: unknown): err is UnroutableMessageError {
  return err instanceof UnroutableMessageError;
}

import { MessagingError } from '../../errors/messaging-error';

/** Why the runtime stopped waiting for an attempt. */
export type DeliveryExpiry = 'visibility-timeout' | 'shutdown';

/**
 * A write through the runtime (`ctx.inbox.recordWith`, the inbox record) for an attempt the runtime has
 * already given up on: it ran past the visibility timeout (the message is being retried) or shutdown gave
 * up on it (the message was requeued). The write is refused, so a late handler cannot commit an effect
 * the retry will commit too, or commit it after later events of its stream. It is also `ctx.signal.reason`.
 */
export class DeliveryExpiredError extends MessagingError {
  readonly code = 'SWITCHYARD_DELIVERY_EXPIRED';
  constructor(
    readonly queue: string,
    readonly messageId: string,
    readonly attempt: number,
    readonly reason: DeliveryExpiry,
  ) {
    super(
      `attempt ${attempt} at ${messageId} on ${queue} has expired (${reason}): writes through the runtime are refused`,
    );
  }
}

export function isDeliveryExpiredError(err: unknown): err is DeliveryExpiredError {
  return err instanceof DeliveryExpiredError;
}

import { MessagingError } from '../../errors/messaging-error';

/** Why the broker refused a publish, as it said it. */
export interface BrokerRefusal {
  /** AMQP reply code: 404 (no such exchange), 403 (access refused), 406 (e.g. message too large), … */
  readonly replyCode?: number;
  /** The broker's reply text, e.g. `NOT_FOUND - no exchange 'x' in vhost '/'`. */
  readonly replyText?: string;
}

/**
 * The broker refused a publish: it nacked it (e.g. a queue at its max length with `reject-publish`), or
 * closed the channel because of it (404 missing exchange, 403 no write permission, 406 over the size
 * limit). `replyCode` and `replyText` say which, when the broker said.
 */
export class PublishRejectedError extends MessagingError {
  readonly code = 'SWITCHYARD_PUBLISH_REJECTED';
  readonly replyCode?: number;
  readonly replyText?: string;
  constructor(
    readonly exchange: string,
    readonly routingKey: string,
    readonly messageId: string,
    cause?: unknown,
    refusal: BrokerRefusal = {},
  ) {
    super(
      `publish of ${messageId} to "${exchange}" (${routingKey}) was rejected by the broker` +
        (refusal.replyCode !== undefined || refusal.replyText
          ? `: ${[refusal.replyCode, refusal.replyText].filter((p) => p !== undefined && p !== '').join(' ')}`
          : ''),
      { cause },
    );
    this.replyCode = refusal.replyCode;
    this.replyText = refusal.replyText;
  }

  /** True when re-sending the same message cannot succeed until someone changes the broker or the message. */
  get permanent(): boolean {
    return this.replyCode !== undefined && this.replyCode >= 400;
  }
}

export function isPublishRejectedError(err: unknown): err is PublishRejectedError {
  return err instanceof PublishRejectedError;
}

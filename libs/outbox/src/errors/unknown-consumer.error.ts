import { OutboxError } from './outbox-error';

/** A republish named a consumer the topology model does not declare. */
export class UnknownConsumerError extends OutboxError {
  readonly code = 'SWITCHYARD_UNKNOWN_CONSUMER';
  constructor(
    readonly consumer: string,
    readonly known: readonly string[],
  ) {
    super(`unknown consumer "${consumer}"; the topology declares: ${known.join(', ')}`);
  }
}

export function isUnknownConsumerError(err: unknown): err is UnknownConsumerError {
  return err instanceof UnknownConsumerError;
}

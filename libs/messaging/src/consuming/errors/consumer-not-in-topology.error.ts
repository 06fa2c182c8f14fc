import { MessagingError } from '../../errors/messaging-error';

/** A handler or the options name a consumer queue the topology model does not declare. */
export class ConsumerNotInTopologyError extends MessagingError {
  readonly code = 'SWITCHYARD_CONSUMER_NOT_IN_TOPOLOGY';
  constructor(
    readonly queue: string,
    readonly known: readonly string[],
  ) {
    super(`consumer "${queue}" is not declared in the topology model (known: ${known.join(', ') || 'none'})`);
  }
}

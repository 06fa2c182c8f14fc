import { EventStoreError } from './event-store-error';

/** A command asked for an aggregate that must exist (`requireExisting`), and its stream has no event. */
export class AggregateNotFoundError extends EventStoreError {
  readonly code = 'SWITCHYARD_AGGREGATE_NOT_FOUND';
  constructor(
    readonly stream: string,
    readonly id: string,
  ) {
    super(`aggregate ${id} does not exist (stream "${stream}" has no events)`);
  }
}

export function isAggregateNotFoundError(err: unknown): err is AggregateNotFoundError {
  return err instanceof AggregateNotFoundError;
}

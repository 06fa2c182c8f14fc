import { EventStoreError } from './event-store-error';

/**
 * `AggregateRepository.create` found the stream already started by different events: not a retry of
 * this creation (which would be answered as `replayed`), but another aggregate under the same id.
 */
export class AggregateExistsError extends EventStoreError {
  readonly code = 'SWITCHYARD_AGGREGATE_EXISTS';
  constructor(
    readonly stream: string,
    readonly id: string,
  ) {
    super(`aggregate ${id} already exists (stream "${stream}" was started by different events)`);
  }
}

export function isAggregateExistsError(err: unknown): err is AggregateExistsError {
  return err instanceof AggregateExistsError;
}

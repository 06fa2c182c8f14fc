import { EventStoreError } from './event-store-error';

/** A stored commit could not be decoded (its data or metadata is not the JSON string the store wrote). */
export class StoredEventCorruptError extends EventStoreError {
  readonly code = 'SWITCHYARD_STORED_EVENT_CORRUPT';
  constructor(
    readonly commitId: string,
    readonly eventId: string,
    cause: unknown,
  ) {
    super(`commit ${commitId}, event ${eventId}: stored data is not valid JSON`, { cause });
  }
}

export function isStoredEventCorruptError(err: unknown): err is StoredEventCorruptError {
  return err instanceof StoredEventCorruptError;
}

import { EventStoreError } from './event-store-error';

/** The append request itself is malformed (empty stream name, no events, duplicate ids, bad revision). */
export class InvalidAppendError extends EventStoreError {
  readonly code = 'SWITCHYARD_INVALID_APPEND';
  constructor(
    readonly stream: string,
    readonly reason: string,
  ) {
    super(`invalid append to "${stream}": ${reason}`);
  }
}

export function isInvalidAppendError(err: unknown): err is InvalidAppendError {
  return err instanceof InvalidAppendError;
}

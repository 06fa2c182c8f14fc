import { EventStoreError } from './event-store-error';

/**
 * An append with a loose expectation (`any`, `streamExists`) lost the stream's next revision to
 * concurrent appends of the same stream more often than the retry bound allows.
 */
export class AppendContentionError extends EventStoreError {
  readonly code = 'SWITCHYARD_APPEND_CONTENTION';
  constructor(
    readonly stream: string,
    readonly attempts: number,
  ) {
    super(
      `append to "${stream}" gave up after ${attempts} attempts lost to concurrent appends of that stream`,
    );
  }
}

export function isAppendContentionError(err: unknown): err is AppendContentionError {
  return err instanceof AppendContentionError;
}

import { EventStoreError } from './event-store-error';

/** An append lost the race for a global position more often than the retry bound allows. */
export class AppendContentionError extends EventStoreError {
  readonly code = 'SWITCHYARD_APPEND_CONTENTION';
  constructor(
    readonly stream: string,
    readonly attempts: number,
  ) {
    super(`append to "${stream}" gave up after ${attempts} attempts lost to concurrent appends`);
  }
}

export function isAppendContentionError(err: unknown): err is AppendContentionError {
  return err instanceof AppendContentionError;
}

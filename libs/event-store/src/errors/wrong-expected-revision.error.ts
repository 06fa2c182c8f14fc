import type { ExpectedRevision } from '../event-store.types';
import { EventStoreError } from './event-store-error';

/** The stream was not at the revision the append expected (maps to HTTP 409). */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'SWITCHYARD_WRONG_EXPECTED_REVISION';
  constructor(
    readonly stream: string,
    readonly expectedRevision: ExpectedRevision,
    /** The stream's revision when the append was refused; `undefined` when the stream does not exist. */
    readonly actualRevision: number | undefined,
  ) {
    super(
      `stream "${stream}": expected revision ${String(expectedRevision)}, actual ${
        actualRevision === undefined ? 'no stream' : actualRevision
      }`,
    );
  }
}

export function isWrongExpectedRevisionError(err: unknown): err is WrongExpectedRevisionError {
  return err instanceof WrongExpectedRevisionError;
}

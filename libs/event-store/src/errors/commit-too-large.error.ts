import { EventStoreError } from './event-store-error';

/** One append would exceed the document size limit; nothing was sent to the database. */
export class CommitTooLargeError extends EventStoreError {
  readonly code = 'SWITCHYARD_COMMIT_TOO_LARGE';
  constructor(
    readonly stream: string,
    readonly sizeBytes: number,
    readonly maxBytes: number,
    readonly eventCount: number,
  ) {
    super(
      `commit to "${stream}" is ${sizeBytes} bytes (${eventCount} events), over the ${maxBytes}-byte limit: ` +
        'split it into several appends or store large payloads elsewhere',
    );
  }
}

export function isCommitTooLargeError(err: unknown): err is CommitTooLargeError {
  return err instanceof CommitTooLargeError;
}

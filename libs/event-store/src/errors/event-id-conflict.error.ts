import { EventStoreError } from './event-store-error';

/** An event id of the append is already stored by a different append (not a retry of this one). */
export class EventIdConflictError extends EventStoreError {
  readonly code = 'SWITCHYARD_EVENT_ID_CONFLICT';
  constructor(
    readonly stream: string,
    readonly eventIds: readonly string[],
    readonly existingCommitId: string,
    readonly existingStream: string,
  ) {
    super(
      `append to "${stream}" reuses event id(s) ${eventIds.join(', ')} already stored by commit ` +
        `${existingCommitId} in "${existingStream}" with different events`,
    );
  }
}

export function isEventIdConflictError(err: unknown): err is EventIdConflictError {
  return err instanceof EventIdConflictError;
}

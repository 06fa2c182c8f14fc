import { EventStoreError } from './event-store-error';

/**
 * The store is not in the state an archive or a restore needs, and nothing was changed for that stream:
 * e.g. a commit to archive is not dispatched or was changed meanwhile, a run overlaps one archived
 * already, or a restored commit is neither in the store nor under an archive marker of its stream.
 */
export class ArchiveConflictError extends EventStoreError {
  readonly code = 'SWITCHYARD_ARCHIVE_CONFLICT';
  constructor(
    readonly stream: string,
    readonly reason: string,
  ) {
    super(`stream "${stream}": ${reason}`);
  }
}

export function isArchiveConflictError(err: unknown): err is ArchiveConflictError {
  return err instanceof ArchiveConflictError;
}

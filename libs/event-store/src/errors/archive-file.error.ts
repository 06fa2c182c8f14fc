import { EventStoreError } from './event-store-error';

/**
 * An export or archive file cannot be used: it exists already (an archive never overwrites one), cannot be
 * read, has a line that is not an exported event (`line` says which), or failed the verification after
 * writing (counts or hash differ). Nothing was removed from or written to the store.
 */
export class ArchiveFileError extends EventStoreError {
  readonly code = 'SWITCHYARD_ARCHIVE_FILE';
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${reason}`, options);
  }
}

export function isArchiveFileError(err: unknown): err is ArchiveFileError {
  return err instanceof ArchiveFileError;
}

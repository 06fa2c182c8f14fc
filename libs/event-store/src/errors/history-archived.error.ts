import type { ArchiveMarker } from '../archive/archive.types';
import { EventStoreError } from './event-store-error';

/**
 * A read reached history that was archived (`switchyard events archive`): the commits are in an archive
 * file, not in the store. Never a silent gap: read after the archived part, read the file, or restore it
 * (`switchyard events restore <file>`); `readAll` can also step over it with `{ archived: 'skip' }`.
 */
export class HistoryArchivedError extends EventStoreError {
  readonly code = 'SWITCHYARD_HISTORY_ARCHIVED';
  readonly stream: string;
  /** First archived revision of the run that was reached. */
  readonly archivedFrom: number;
  /** Last archived revision of that run: a stream read from `archivedUpTo + 1` on works. */
  readonly archivedUpTo: number;
  /** Global positions of the run's first and last commits. */
  readonly archivedFromPosition: number;
  readonly archivedUpToPosition: number;
  /** Where the events are: the archive file. */
  readonly file: string;
  readonly archivedAt: Date;
  /** For `readAll`: the archived position that was reached. */
  readonly position?: number;

  constructor(marker: ArchiveMarker, position?: number) {
    const where = position === undefined ? '' : `position ${position}: `;
    super(
      `${where}stream "${marker.stream}" revisions ${marker.fromRevision}..${marker.toRevision} ` +
        `(positions ${marker.fromPosition}..${marker.toPosition}) are archived in ${marker.file} ` +
        `(${marker.archivedAt.toISOString()}); ` +
        (position === undefined
          ? `read from revision ${marker.toRevision + 1} on, `
          : `read on with { archived: 'skip' }, `) +
        `or restore it with: switchyard events restore ${marker.file}`,
    );
    this.stream = marker.stream;
    this.archivedFrom = marker.fromRevision;
    this.archivedUpTo = marker.toRevision;
    this.archivedFromPosition = marker.fromPosition;
    this.archivedUpToPosition = marker.toPosition;
    this.file = marker.file;
    this.archivedAt = marker.archivedAt;
    if (position !== undefined) this.position = position;
  }
}

export function isHistoryArchivedError(err: unknown): err is HistoryArchivedError {
  return err instanceof HistoryArchivedError;
}

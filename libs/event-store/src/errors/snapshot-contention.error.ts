import { EventStoreError } from './event-store-error';

/**
 * Saving a snapshot lost the next generation of its stream's chain to concurrent writers more often than
 * the bound allows. Nothing is wrong with the stream: loads use the latest snapshot that was saved.
 */
export class SnapshotContentionError extends EventStoreError {
  readonly code = 'SWITCHYARD_SNAPSHOT_CONTENTION';
  constructor(
    readonly stream: string,
    readonly schemaVersion: number,
    readonly revision: number,
    readonly attempts: number,
  ) {
    super(
      `snapshot of "${stream}" at revision ${revision} (schema version ${schemaVersion}) gave up after ` +
        `${attempts} attempts lost to concurrent snapshot writers`,
    );
  }
}

export function isSnapshotContentionError(err: unknown): err is SnapshotContentionError {
  return err instanceof SnapshotContentionError;
}

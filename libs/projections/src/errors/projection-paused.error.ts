import type { PausedAt } from '../store/projection-store.types';
import { ProjectionError } from './projection-error';

/** A build (here: a rebuild) stopped at an event it cannot apply; `projections skip` decides. */
export class ProjectionPausedError extends ProjectionError {
  readonly code = 'SWITCHYARD_PROJECTION_PAUSED';
  constructor(
    readonly projection: string,
    readonly version: number,
    readonly pausedAt: PausedAt,
  ) {
    super(
      `projection "${projection}" v${version} paused at ${pausedAt.ref} (position ${pausedAt.position}): ` +
        `${pausedAt.error}; decide with: projections skip ${projection} --event ${pausedAt.ref}`,
    );
  }
}

export function isProjectionPausedError(err: unknown): err is ProjectionPausedError {
  return err instanceof ProjectionPausedError;
}

import { ProjectionError } from './projection-error';

/** `skip` named an event the projection is not paused at (a skip is a decision about one stuck event). */
export class ProjectionNotPausedError extends ProjectionError {
  readonly code = 'SWITCHYARD_PROJECTION_NOT_PAUSED';
  constructor(
    readonly projection: string,
    readonly eventId: string,
    readonly pausedAt: readonly string[],
  ) {
    super(
      pausedAt.length === 0
        ? `projection "${projection}" is not paused; nothing to skip`
        : `projection "${projection}" is paused at ${pausedAt.join(', ')}, not at ${eventId}`,
    );
  }
}

export function isProjectionNotPausedError(err: unknown): err is ProjectionNotPausedError {
  return err instanceof ProjectionNotPausedError;
}

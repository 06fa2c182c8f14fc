import { ProjectionError } from './projection-error';

/** A projection definition (plain or decorated) that cannot run: the reason names what is wrong. */
export class InvalidProjectionError extends ProjectionError {
  readonly code = 'SWITCHYARD_INVALID_PROJECTION';
  constructor(
    readonly projection: string,
    readonly reason: string,
  ) {
    super(`projection "${projection}": ${reason}`);
  }
}

export function isInvalidProjectionError(err: unknown): err is InvalidProjectionError {
  return err instanceof InvalidProjectionError;
}

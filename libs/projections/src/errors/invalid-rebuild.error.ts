import { ProjectionError } from './projection-error';

/** A rebuild that cannot start as asked (version not above the live one, another under way, ...). */
export class InvalidRebuildError extends ProjectionError {
  readonly code = 'SWITCHYARD_INVALID_REBUILD';
  constructor(
    readonly projection: string,
    readonly reason: string,
  ) {
    super(`cannot rebuild "${projection}": ${reason}`);
  }
}

export function isInvalidRebuildError(err: unknown): err is InvalidRebuildError {
  return err instanceof InvalidRebuildError;
}

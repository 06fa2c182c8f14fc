import { ProjectionError } from './projection-error';

/** A projection name nobody registered. */
export class UnknownProjectionError extends ProjectionError {
  readonly code = 'SWITCHYARD_UNKNOWN_PROJECTION';
  constructor(
    readonly projection: string,
    readonly known: readonly string[],
  ) {
    super(`unknown projection "${projection}"; known: ${known.join(', ') || 'none'}`);
  }
}

export function isUnknownProjectionError(err: unknown): err is UnknownProjectionError {
  return err instanceof UnknownProjectionError;
}

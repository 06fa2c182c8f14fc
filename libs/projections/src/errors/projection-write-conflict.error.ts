import { ProjectionError } from './projection-error';

/**
 * A guarded write found a document or checkpoint moved by another writer (a deposed lease holder): the
 * round stops and the runner reads again. Nothing was applied twice.
 */
export class ProjectionWriteConflictError extends ProjectionError {
  readonly code = 'SWITCHYARD_PROJECTION_WRITE_CONFLICT';
  constructor(
    readonly build: string,
    readonly what: string,
  ) {
    super(`projection build ${build}: ${what} was changed by another writer`);
  }
}

export function isProjectionWriteConflictError(err: unknown): err is ProjectionWriteConflictError {
  return err instanceof ProjectionWriteConflictError;
}

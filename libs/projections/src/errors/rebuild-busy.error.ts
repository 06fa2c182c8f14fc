import { ProjectionError } from './projection-error';

/** Another process holds the projection's rebuild lease: one rebuild at a time per projection. */
export class RebuildBusyError extends ProjectionError {
  readonly code = 'SWITCHYARD_REBUILD_BUSY';
  constructor(readonly projection: string) {
    super(`a rebuild of "${projection}" is running in another process`);
  }
}

export function isRebuildBusyError(err: unknown): err is RebuildBusyError {
  return err instanceof RebuildBusyError;
}

import { ConfigError } from './config-error';

/** A configured service did not answer at start-up. */
export class ServiceUnreachableError extends ConfigError {
  readonly code = 'SWITCHYARD_SERVICE_UNREACHABLE';
  constructor(
    variable: string,
    readonly host: string,
    readonly reason: string,
  ) {
    super(`${variable}: cannot reach ${host} (${reason})`, variable);
  }
}

export function isServiceUnreachableError(err: unknown): err is ServiceUnreachableError {
  return err instanceof ServiceUnreachableError;
}

import { redactUrls } from '../amqp-url';
import { ConfigError } from './config-error';

/** An environment variable is malformed. */
export class InvalidConfigError extends ConfigError {
  readonly code = 'SWITCHYARD_INVALID_CONFIG';
  constructor(
    variable: string,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`${variable} is invalid (${reason}): ${redactUrls(value)}`, variable);
  }
}

export function isInvalidConfigError(err: unknown): err is InvalidConfigError {
  return err instanceof InvalidConfigError;
}

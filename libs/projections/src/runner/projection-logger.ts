import { Logger } from '@nestjs/common';

/** Where runners write what they do; a Nest `Logger` fits. */
export interface ProjectionLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The default: Nest's logger with the `Projections` context. */
export function defaultProjectionLogger(): ProjectionLogger {
  return new Logger('Projections');
}

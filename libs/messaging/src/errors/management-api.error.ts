import { MessagingError } from './messaging-error';

/** The RabbitMQ management HTTP API answered with an error status. */
export class ManagementApiError extends MessagingError {
  readonly code = 'SWITCHYARD_MANAGEMENT_API';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`management API ${method} ${path} answered ${status}: ${body.slice(0, 300)}`);
  }
}

export function isManagementApiError(err: unknown): err is ManagementApiError {
  return err instanceof ManagementApiError;
}

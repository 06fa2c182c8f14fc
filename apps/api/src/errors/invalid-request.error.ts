import type { EventFieldFailure } from '@switchyard/contracts';
import { ApiError } from './api-error';

/** The request itself is malformed (a body that is not an object, a bad If-Match): HTTP 400. */
export class InvalidRequestError extends ApiError {
  readonly code = 'SWITCHYARD_INVALID_REQUEST';
  constructor(readonly failures: readonly EventFieldFailure[]) {
    super(`invalid request: ${failures.map((f) => `${f.field} (${f.constraints.join('; ')})`).join(', ')}`);
  }
}

export function isInvalidRequestError(err: unknown): err is InvalidRequestError {
  return err instanceof InvalidRequestError;
}

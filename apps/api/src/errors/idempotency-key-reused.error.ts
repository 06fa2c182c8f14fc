import { ApiError } from './api-error';

/** An `Idempotency-Key` already placed an order with a different body (maps to HTTP 422). */
export class IdempotencyKeyReusedError extends ApiError {
  readonly code = 'SWITCHYARD_IDEMPOTENCY_KEY_REUSED';
  constructor(
    readonly idempotencyKey: string,
    readonly orderId: string,
  ) {
    super(`Idempotency-Key "${idempotencyKey}" already placed order ${orderId} with a different body`);
  }
}

export function isIdempotencyKeyReusedError(err: unknown): err is IdempotencyKeyReusedError {
  return err instanceof IdempotencyKeyReusedError;
}

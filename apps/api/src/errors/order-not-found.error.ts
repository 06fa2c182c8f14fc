import { ApiError } from './api-error';

/** No stream holds this order (maps to HTTP 404). */
export class OrderNotFoundError extends ApiError {
  readonly code = 'SWITCHYARD_ORDER_NOT_FOUND';
  constructor(readonly orderId: string) {
    super(`order ${orderId} does not exist`);
  }
}

export function isOrderNotFoundError(err: unknown): err is OrderNotFoundError {
  return err instanceof OrderNotFoundError;
}

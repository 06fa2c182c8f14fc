import { ApiError } from './api-error';

/** No stream holds this payment (maps to HTTP 404). */
export class PaymentNotFoundError extends ApiError {
  readonly code = 'SWITCHYARD_PAYMENT_NOT_FOUND';
  constructor(
    readonly paymentId: string,
    /** The order whose payment was asked for, when it was asked by order. */
    readonly orderId?: string,
  ) {
    super(
      orderId === undefined
        ? `payment ${paymentId} does not exist`
        : `order ${orderId} has no payment (yet): payment ${paymentId} does not exist`,
    );
  }
}

export function isPaymentNotFoundError(err: unknown): err is PaymentNotFoundError {
  return err instanceof PaymentNotFoundError;
}

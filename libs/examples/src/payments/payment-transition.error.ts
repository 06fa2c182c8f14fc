/** A command is not allowed in the payment's current status (maps to HTTP 409; a reaction dead-letters). */
export class PaymentTransitionError extends Error {
  readonly code = 'SWITCHYARD_PAYMENT_TRANSITION';
  constructor(
    readonly paymentId: string,
    readonly command: string,
    readonly status: string,
  ) {
    super(`payment ${paymentId}: cannot ${command} a payment that is ${status}`);
    this.name = 'PaymentTransitionError';
  }
}

export function isPaymentTransitionError(err: unknown): err is PaymentTransitionError {
  return err instanceof PaymentTransitionError;
}

/** A command is not allowed in the order's current status (maps to HTTP 409). */
export class OrderTransitionError extends Error {
  readonly code = 'SWITCHYARD_ORDER_TRANSITION';
  constructor(
    readonly orderId: string,
    readonly command: string,
    readonly status: string,
  ) {
    super(`order ${orderId}: cannot ${command} an order that is ${status}`);
    this.name = 'OrderTransitionError';
  }
}

export function isOrderTransitionError(err: unknown): err is OrderTransitionError {
  return err instanceof OrderTransitionError;
}

import type { EventData } from '@switchyard/contracts';
import { InvalidRequestError } from '../errors/invalid-request.error';
import { type OrderPlaced } from '@switchyard/examples';

/**
 * Request bodies are only checked for shape here: their fields are validated by the event contracts when
 * the store appends (`InvalidEventError` → 400 with the failing fields), so the rules live in one place.
 */
export type PlaceOrderRequest = Omit<EventData<OrderPlaced>, 'orderId'>;
export interface CancelOrderRequest {
  readonly reason: string;
}
export interface ShipOrderRequest {
  readonly carrier: string;
  readonly trackingNumber: string;
}

/** The body as a plain object. @throws InvalidRequestError when it is missing or not a JSON object */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError([{ field: 'body', constraints: ['body must be a JSON object'] }]);
  }
  return body as Record<string, unknown>;
}

/** The fields of `POST /orders` that become the `order.placed` event; anything else is ignored. */
export function placeOrderRequest(body: unknown): PlaceOrderRequest {
  const b = bodyObject(body);
  const request = {
    customerId: b.customerId,
    lines: b.lines,
    total: b.total,
    currency: b.currency,
    ...(b.customerPhone === undefined ? {} : { customerPhone: b.customerPhone }),
    ...(b.merchantId === undefined ? {} : { merchantId: b.merchantId }),
  };
  return request as PlaceOrderRequest;
}

export function cancelOrderRequest(body: unknown): CancelOrderRequest {
  const b = bodyObject(body);
  return { reason: b.reason } as CancelOrderRequest;
}

export function shipOrderRequest(body: unknown): ShipOrderRequest {
  const b = bodyObject(body);
  return { carrier: b.carrier, trackingNumber: b.trackingNumber } as ShipOrderRequest;
}

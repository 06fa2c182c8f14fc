import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ApiErrorBodyDto } from './api-error-body.dto';

/** What each error status means in this API (the codes are in docs/api.md). */
const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'invalid input: `SWITCHYARD_INVALID_REQUEST` (body fields, headers) or `SWITCHYARD_INVALID_EVENT` (the event contract), with the failing fields',
  404: 'no such order or payment (`SWITCHYARD_ORDER_NOT_FOUND`, `SWITCHYARD_PAYMENT_NOT_FOUND`)',
  409: 'the order moved on: a stale If-Match (`SWITCHYARD_WRONG_EXPECTED_REVISION`) or a forbidden move (`SWITCHYARD_ORDER_TRANSITION`)',
  422: 'the Idempotency-Key already placed an order with a different body (`SWITCHYARD_IDEMPOTENCY_KEY_REUSED`)',
  500: 'unexpected (`SWITCHYARD_INTERNAL_ERROR`); the body says nothing more, the log does',
};

/** The error statuses a route documents besides 500, each with the {@link ApiErrorBodyDto} body. */
export function ApiErrorResponses(...statuses: readonly number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...[...statuses, 500].map((status) =>
      ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'error', type: ApiErrorBodyDto }),
    ),
  );
}

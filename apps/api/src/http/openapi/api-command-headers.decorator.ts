import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { CORRELATION_ID_HEADER, TRACEPARENT_HEADER } from '@switchyard/observability';

/** The tracing headers every command reads: their events carry them (docs/api.md, "Tracing"). */
export function ApiTracingHeaders(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: CORRELATION_ID_HEADER,
      required: false,
      description: 'carried by the events; echoed in the response, a new UUID when absent',
    }),
    ApiHeader({ name: TRACEPARENT_HEADER, required: false, description: 'W3C trace context' }),
  );
}

/** `Idempotency-Key` of `POST /orders`. */
export function ApiIdempotencyKeyHeader(): MethodDecorator & ClassDecorator {
  return ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
    description:
      'places the order once: a retry with the same key and body answers 201 with `Idempotent-Replayed: true`; the same key with another body is a 422',
  });
}

/** `If-Match` of the commands on an existing order. */
export function ApiIfMatchHeader(): MethodDecorator & ClassDecorator {
  return ApiHeader({
    name: 'If-Match',
    required: false,
    schema: { type: 'string', example: '"3"' },
    description:
      'the revision (ETag) the command must run against: 409 `SWITCHYARD_WRONG_EXPECTED_REVISION` when the order has moved on. Without it the command re-decides on fresh state',
  });
}

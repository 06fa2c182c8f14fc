import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { EventMetadata } from '@switchyard/event-store';
import type { Request, Response } from 'express';

/** Request header carrying the correlation id; echoed on the response, generated when absent. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';
/** W3C trace context header. */
export const TRACEPARENT_HEADER = 'traceparent';

const TRACEPARENT = /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/;
const CORRELATION_ID = /^[\w.:-]{1,128}$/;

/**
 * The event metadata a command's events carry from its HTTP request: the correlation id
 * (`X-Correlation-Id`, or a new UUID, sent back in the response either way) and a well-formed
 * `traceparent`. Values that don't look like ids are ignored rather than stored.
 */
export const RequestMetadata = createParamDecorator((_: unknown, ctx: ExecutionContext): EventMetadata => {
  const http = ctx.switchToHttp();
  const req = http.getRequest<Request>();
  const header = req.header(CORRELATION_ID_HEADER);
  const correlationId = header && CORRELATION_ID.test(header) ? header : randomUUID();
  http.getResponse<Response>().setHeader(CORRELATION_ID_HEADER, correlationId);
  const traceparent = req.header(TRACEPARENT_HEADER);
  return {
    correlationId,
    ...(traceparent && TRACEPARENT.test(traceparent) ? { traceparent } : {}),
  };
});

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { EventMetadata } from '@switchyard/event-store';
import {
  activeTraceparent,
  CORRELATION_ID_HEADER,
  parseTraceparent,
  TRACEPARENT_HEADER,
} from '@switchyard/observability';
import { correlationIdOf } from '@switchyard/observability/setup';
import type { Request, Response } from 'express';

/**
 * The event metadata a command's events carry from its HTTP request: the correlation id
 * (`X-Correlation-Id`, or a new UUID, sent back in the response either way; the same one the request's
 * log lines carry) and the trace context: the request's SERVER span when tracing is set up, else a
 * well-formed incoming `traceparent` as it came. Values that don't look like ids are ignored rather than
 * stored.
 */
export const RequestMetadata = createParamDecorator((_: unknown, ctx: ExecutionContext): EventMetadata => {
  const http = ctx.switchToHttp();
  const req = http.getRequest<Request>();
  const correlationId = correlationIdOf(req);
  http.getResponse<Response>().setHeader(CORRELATION_ID_HEADER, correlationId);
  const header = req.header(TRACEPARENT_HEADER);
  const traceparent = activeTraceparent() ?? (parseTraceparent(header) ? header : undefined);
  return { correlationId, ...(traceparent ? { traceparent } : {}) };
});

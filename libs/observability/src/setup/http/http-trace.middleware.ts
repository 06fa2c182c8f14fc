import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  CORRELATION_ID_HEADER,
  HTTP_ATTRIBUTES,
  switchyardTracer,
  withLogFields,
} from '@switchyard/observability';
import { correlationIdOf } from './correlation-id';

/** What Express adds to a request that the span uses. */
type HttpRequest = IncomingMessage & { originalUrl?: string; route?: { path?: unknown } };

/**
 * Starts each HTTP request's trace: a SERVER span, child of the request's `traceparent` when it came
 * with one (W3C propagation), a new trace otherwise, active while the request is handled, so the events
 * a command appends carry its traceparent. Also settles the request's correlation id (echoed in
 * `X-Correlation-Id`) and puts it in the log fields. Without a registered SDK the span is a no-op.
 */
@Injectable()
export class HttpTraceMiddleware implements NestMiddleware {
  use(req: HttpRequest, res: ServerResponse, next: (error?: unknown) => void): void {
    const correlationId = correlationIdOf(req);
    res.setHeader(CORRELATION_ID_HEADER, correlationId);
    const method = req.method ?? 'GET';
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = switchyardTracer().startSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [HTTP_ATTRIBUTES.requestMethod]: method,
          [HTTP_ATTRIBUTES.urlPath]: (req.originalUrl ?? req.url ?? '/').split('?')[0],
          [HTTP_ATTRIBUTES.urlScheme]: 'http',
        },
      },
      parent,
    );
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      const route = typeof req.route?.path === 'string' ? req.route.path : undefined;
      if (route) {
        span.setAttribute(HTTP_ATTRIBUTES.route, route);
        span.updateName(`${method} ${route}`);
      }
      span.setAttribute(HTTP_ATTRIBUTES.responseStatusCode, res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(trace.setSpan(parent, span), () => withLogFields({ correlationId }, () => next()));
  }
}

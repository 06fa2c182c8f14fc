import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { HTTP_ATTRIBUTES, switchyardTracer } from '@switchyard/observability';
import { NOTIFICATION_PROVIDER_ATTRIBUTE } from '../notifications.constants';

/** The routes of the two APIs the fake serves, as span names and `http.route` give them. */
export const PROVIDER_FAKE_ROUTES = {
  fcm: '/v1/projects/{project}/messages:send',
  twilio: '/2010-04-01/Accounts/{AccountSid}/Messages.json',
} as const;

const FCM_PATH = /^\/v1\/projects\/[^/]+\/messages:send$/;
const TWILIO_PATH = /^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/;

/**
 * Runs the fake's handling of one request in a SERVER span `POST <route>`, child of the request's
 * `traceparent` (the worker's provider call sends one), ended when the answer is finished. A no-op
 * without a registered SDK.
 */
export function withProviderFakeSpan(
  req: IncomingMessage,
  res: ServerResponse,
  handle: () => Promise<void>,
): Promise<void> {
  const method = req.method ?? 'GET';
  const path = new URL(req.url ?? '/', 'http://fake').pathname;
  const provider = FCM_PATH.test(path) ? 'fcm' : TWILIO_PATH.test(path) ? 'twilio' : undefined;
  const route = provider ? PROVIDER_FAKE_ROUTES[provider] : path;
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = switchyardTracer().startSpan(
    `${method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        [HTTP_ATTRIBUTES.requestMethod]: method,
        [HTTP_ATTRIBUTES.urlPath]: path,
        [HTTP_ATTRIBUTES.urlScheme]: 'http',
        [HTTP_ATTRIBUTES.route]: route,
        ...(provider ? { [NOTIFICATION_PROVIDER_ATTRIBUTE]: provider } : {}),
      },
    },
    parent,
  );
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    span.setAttribute(HTTP_ATTRIBUTES.responseStatusCode, res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
  return context.with(trace.setSpan(parent, span), handle);
}

import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { HTTP_ATTRIBUTES, recordSpanError, switchyardTracer } from '@switchyard/observability';
import { NOTIFICATION_PROVIDER_ATTRIBUTE } from '../notifications.constants';
import { TransientProviderError } from './errors/transient-provider.error';
import type { ProviderName } from './errors/notification-provider.error';
import { parseRetryAfter } from './retry-after';

/** One HTTP request to a provider. */
export interface ProviderRequest {
  readonly provider: ProviderName;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The request (answer and body included) fails as a transient `TIMEOUT` after this long. */
  readonly timeoutMs: number;
  /** The caller's signal: aborting it rejects with its reason (not a provider error). */
  readonly signal?: AbortSignal;
}

/** A provider's answer: status, `Retry-After` in ms, and the body parsed as JSON (undefined if it is not). */
export interface ProviderAnswer {
  readonly status: number;
  readonly retryAfterMs?: number;
  readonly json: unknown;
}

/**
 * POSTs with Node's global `fetch`. A timeout, a refused or broken connection are
 * {@link TransientProviderError}s (`TIMEOUT`, `NETWORK`); the caller's abort rejects with the signal's
 * reason. Any answer, error statuses included, resolves: the provider's own classifier reads it.
 *
 * Traced: a CLIENT span `POST` (child of the active span, the notification handler's), whose context
 * goes out in the W3C `traceparent` header, so a traced provider (the fake) continues the trace. With no
 * SDK registered the span is a no-op and no header is added.
 */
export async function postToProvider(request: ProviderRequest): Promise<ProviderAnswer> {
  request.signal?.throwIfAborted();
  const url = new URL(request.url);
  const span = switchyardTracer().startSpan('POST', {
    kind: SpanKind.CLIENT,
    attributes: {
      [HTTP_ATTRIBUTES.requestMethod]: 'POST',
      [HTTP_ATTRIBUTES.urlFull]: `${url.origin}${url.pathname}`,
      [HTTP_ATTRIBUTES.serverAddress]: url.hostname,
      [HTTP_ATTRIBUTES.serverPort]: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      [NOTIFICATION_PROVIDER_ATTRIBUTE]: request.provider,
    },
  });
  const headers: Record<string, string> = { ...request.headers };
  propagation.inject(trace.setSpan(context.active(), span), headers);
  try {
    const answer = await post(request, headers);
    span.setAttribute(HTTP_ATTRIBUTES.responseStatusCode, answer.status);
    if (answer.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
    return answer;
  } catch (err) {
    recordSpanError(span, err);
    throw err;
  } finally {
    span.end();
  }
}

async function post(request: ProviderRequest, headers: Record<string, string>): Promise<ProviderAnswer> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers,
      body: request.body,
      signal,
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      json,
    };
  } catch (err) {
    if (request.signal?.aborted) throw request.signal.reason;
    if (timeout.aborted) {
      throw new TransientProviderError(
        request.provider,
        'TIMEOUT',
        undefined,
        `no answer within ${request.timeoutMs} ms`,
        undefined,
        { cause: err },
      );
    }
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new TransientProviderError(
      request.provider,
      'NETWORK',
      undefined,
      cause?.code ?? cause?.message ?? (err as Error).message,
      undefined,
      { cause: err },
    );
  }
}

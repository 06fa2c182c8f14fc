import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  MESSAGING_ATTRIBUTES,
  recordSpanError,
  SWITCHYARD_ATTRIBUTES,
  switchyardTracer,
} from '@switchyard/observability';
import { isDeadLetter, isRetry } from '../consuming/handlers/consume-result';
import type { HandlerBinding } from '../consuming/handlers/handler-binding';
import type { MessageContext } from '../consuming/handlers/message-context';

/**
 * Calls the handler once inside a span `handle <type>`, child of the delivery's `process` span and
 * active during the call: the events the handler appends carry its traceparent, so a reaction's publish
 * is in the same trace, under the event it reacts to. Ends when the call settles (also when the runtime
 * stopped waiting for it); a throw, a `Retry` or a `DeadLetter` marks it failed.
 */
export function invokeInHandlerSpan(binding: HandlerBinding, ctx: MessageContext): Promise<unknown> {
  const span = switchyardTracer().startSpan(`handle ${ctx.type}`, {
    attributes: {
      [SWITCHYARD_ATTRIBUTES.handler]: binding.name,
      [SWITCHYARD_ATTRIBUTES.attempt]: ctx.attempt,
      [SWITCHYARD_ATTRIBUTES.eventType]: ctx.type,
      [MESSAGING_ATTRIBUTES.messageId]: ctx.messageId,
    },
  });
  const call = context.with(trace.setSpan(context.active(), span), () => binding.invoke(ctx));
  return call.then(
    (value) => {
      if (isRetry(value)) span.setStatus({ code: SpanStatusCode.ERROR, message: `retry: ${value.reason}` });
      else if (isDeadLetter(value))
        span.setStatus({ code: SpanStatusCode.ERROR, message: `dead-letter: ${value.reason}` });
      span.end();
      return value;
    },
    (error: unknown) => {
      recordSpanError(span, error);
      span.end();
      throw error;
    },
  );
}

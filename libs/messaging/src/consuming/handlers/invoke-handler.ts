import type { AttemptLease } from '../retry/attempt-lease';
import type { Outcome } from '../retry/attempt-outcome';
import { DEATH_REASONS, isDeadLetter, isRetry } from './consume-result';
import { VisibilityTimeoutError } from '../errors/visibility-timeout.error';
import type { HandlerBinding } from './handler-binding';
import { describeRejection, isRejection } from './params/pipeline-rejection';
import type { MessageContext } from './message-context';
import { invokeInHandlerSpan } from '../../tracing/handler-span';

/**
 * Runs the handler once within the visibility timeout and turns what it did into an outcome: a throw or
 * a returned `Retry` retries, a returned `DeadLetter` dead-letters, anything else is ok. A 4xx
 * `HttpException` (a guard's refusal, a pipe's validation error) dead-letters at once as `rejected`. Past the
 * timeout the lease expires (the signal aborts, writes through the runtime are refused) and the attempt
 * counts as failed; the outcome's `late` settles when the abandoned call finally does.
 */
export async function invokeHandler(
  binding: HandlerBinding,
  ctx: MessageContext,
  lease: AttemptLease,
  timeoutMs: number,
): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>(
    (resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)),
  );
  const call = invokeInHandlerSpan(binding, ctx).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  try {
    const result = await Promise.race([call, deadline]);
    if (result === 'timeout') {
      lease.expire('visibility-timeout');
      return {
        kind: 'retry',
        error: new VisibilityTimeoutError(lease.queue, ctx.messageId, timeoutMs),
        late: call.then(() => undefined),
      };
    }
    if ('error' in result)
      return isRejection(result.error)
        ? { kind: 'dead-letter', reason: DEATH_REASONS.rejected, error: describeRejection(result.error) }
        : { kind: 'retry', error: result.error };
    if (isRetry(result.value))
      return { kind: 'retry', error: new Error(result.value.reason), delayMs: result.value.delayMs };
    if (isDeadLetter(result.value))
      return { kind: 'dead-letter', reason: result.value.reason, error: result.value.error };
    return { kind: 'ok' };
  } finally {
    clearTimeout(timer);
  }
}

import type { Outcome } from './attempt-outcome';
import { isDeadLetter, isRetry } from './consume-result';
import { VisibilityTimeoutError } from './errors/visibility-timeout.error';
import type { HandlerBinding } from './handler-binding';
import type { MessageContext } from './message-context';

/**
 * Runs the handler once within the visibility timeout and turns what it did into an outcome: a throw or
 * a returned `Retry` retries, a returned `DeadLetter` dead-letters, anything else is ok. Past the
 * timeout, `abort` is aborted and the attempt counts as failed.
 */
export async function invokeHandler(
  binding: HandlerBinding,
  ctx: MessageContext,
  abort: AbortController,
  queue: string,
  timeoutMs: number,
): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>(
    (resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)),
  );
  try {
    const result = await Promise.race([
      binding.invoke(ctx).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      deadline,
    ]);
    if (result === 'timeout') {
      abort.abort();
      return {
        kind: 'retry',
        error: new VisibilityTimeoutError(queue, ctx.messageId, timeoutMs),
      };
    }
    if ('error' in result) return { kind: 'retry', error: result.error };
    if (isRetry(result.value))
      return { kind: 'retry', error: new Error(result.value.reason), delayMs: result.value.delayMs };
    if (isDeadLetter(result.value)) return { kind: 'dead-letter', reason: result.value.reason };
    return { kind: 'ok' };
  } finally {
    clearTimeout(timer);
  }
}

import type { Logger } from '@nestjs/common';

/** How waiting for a timed-out handler call ended. */
export type LateHandlerWait = 'settled' | 'abandoned' | 'stopped';

/**
 * Waits for a handler call that ran past its visibility timeout to settle, at most `limitMs`, or until
 * `signal` (shutdown) aborts. An abandoned call is logged: its writes through the runtime are refused,
 * but effects it makes elsewhere may still land after what the partition does next.
 */
export async function awaitLateHandler(
  late: Promise<void>,
  limitMs: number,
  signal: AbortSignal,
  logger: Pick<Logger, 'error'>,
  what: string,
): Promise<LateHandlerWait> {
  if (signal.aborted) return 'stopped';
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const result = await Promise.race<LateHandlerWait>([
    late.then(() => 'settled' as const),
    new Promise<LateHandlerWait>((resolve) => (timer = setTimeout(() => resolve('abandoned'), limitMs))),
    new Promise<LateHandlerWait>((resolve) => {
      onAbort = () => resolve('stopped');
      signal.addEventListener('abort', onAbort, { once: true });
    }),
  ]);
  clearTimeout(timer);
  if (onAbort) signal.removeEventListener('abort', onAbort);
  if (result === 'abandoned')
    logger.error(
      `abandoned the timed-out handler of ${what} after waiting ${limitMs} ms more for it to settle; ` +
        'retrying now: its writes through the runtime are refused, effects it makes elsewhere may still land',
    );
  return result;
}

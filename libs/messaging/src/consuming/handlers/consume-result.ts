/** Returned by a handler: retry this message (through the delay tiers, or in place for partitions). */
export class Retry {
  readonly kind = 'retry' as const;
  /** @param delayMs the smallest delay wanted; the first tier at least this long is used */
  constructor(
    readonly reason = 'handler asked to retry',
    readonly delayMs?: number,
  ) {}
}

/**
 * Returned by a handler: dead-letter this message now, with `reason` in `x-death-reason` and, when given,
 * `error` in the error headers (`x-error-name`, `x-error-message`, `x-error-stack`).
 */
export class DeadLetter {
  readonly kind = 'dead-letter' as const;
  constructor(
    readonly reason: string,
    readonly error?: unknown,
  ) {}
}

/** What a handler may return: nothing (ack), a {@link Retry} or a {@link DeadLetter}. */
export type ConsumeResult = Retry | DeadLetter | void | undefined;

export function isRetry(value: unknown): value is Retry {
  return value instanceof Retry;
}

export function isDeadLetter(value: unknown): value is DeadLetter {
  return value instanceof DeadLetter;
}

/** The reasons written to `x-death-reason` on dead-lettered messages. */
export const DEATH_REASONS = {
  maxAttempts: 'max-attempts',
  invalidPayload: 'invalid-payload',
  unknownEvent: 'unknown-event',
  noHandler: 'no-handler',
  noMessageId: 'no-message-id',
  handler: 'dead-lettered-by-handler',
  /** A guard refused it or a pipe rejected it (a 4xx HttpException): the error headers say why. */
  rejected: 'rejected',
} as const;

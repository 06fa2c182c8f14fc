/** How {@link waitFor} polls. */
export interface WaitForOptions {
  /** What should happen, for the error when it never does ("the order to be dispatched"). */
  readonly what?: string;
  /** @default 10 000 */
  readonly timeoutMs?: number;
  /** @default 50 */
  readonly intervalMs?: number;
}

/** What a truthy result of `T` can be: `false`, `null` and `undefined` taken out. */
export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/** A condition that never held within its time. */
export class WaitForTimeoutError extends Error {
  readonly code = 'SWITCHYARD_WAIT_FOR_TIMEOUT';
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly last: unknown,
  ) {
    super(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${describeLast(last)})`);
    this.name = 'WaitForTimeoutError';
  }
}

/**
 * Polls `condition` until it returns a truthy value, and resolves that value; fails with a
 * {@link WaitForTimeoutError} saying what never happened and what the condition last returned. A
 * condition that throws fails at once. The timer is cleared either way, so Jest can always exit.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Truthy<T>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await condition();
    if (last) return last as Truthy<T>;
    if (Date.now() >= deadline) throw new WaitForTimeoutError(options.what ?? 'a condition', timeoutMs, last);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function describeLast(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(value);
  }
}

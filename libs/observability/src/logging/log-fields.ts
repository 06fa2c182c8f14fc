import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Fields every log line written while some work runs should carry: the request's or message's
 * correlation id, the event being handled and the queue it came from. The structured logger of the
 * apps (`@switchyard/observability/setup`) adds them to each line, with the active span's trace and
 * span ids; the libs only say what they are working on, and keep logging through Nest's `Logger`.
 */
export interface LogFields {
  readonly correlationId?: string;
  /** The id of the event (message) being handled. */
  readonly eventId?: string;
  readonly eventType?: string;
  /** The queue the message was consumed from. */
  readonly queue?: string;
  readonly [field: string]: string | number | boolean | undefined;
}

const storage = new AsyncLocalStorage<LogFields>();

/**
 * Runs `fn` with `fields` added to the current log fields (undefined values are left out), for every log
 * line written inside it, across its awaits. Costs one AsyncLocalStorage frame.
 */
export function withLogFields<T>(fields: LogFields, fn: () => T): T {
  const merged: Record<string, string | number | boolean | undefined> = { ...storage.getStore() };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) merged[key] = value;
  return storage.run(merged, fn);
}

/** The log fields of the work under way (empty outside any). */
export function currentLogFields(): LogFields {
  return storage.getStore() ?? {};
}

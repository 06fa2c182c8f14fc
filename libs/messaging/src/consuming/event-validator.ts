/**
 * Checks an event's payload against its contract before any handler sees it. `EventRegistry` from
 * `@switchyard/contracts` satisfies it. Throwing dead-letters the message at once, without retries.
 */
export interface EventValidator {
  /** Throws when `type`/`version` is unknown or `data` breaks the contract; may return upcast data. */
  validate(type: string, version: number, data: unknown): unknown;
}

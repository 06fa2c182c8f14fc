/**
 * Checks an event's payload against its contract before any handler sees it. `EventRegistry` from
 * `@switchyard/contracts` satisfies it. Throwing dead-letters the message at once, without retries
 * (`unknown-event` for an error named `Unknown…`, e.g. `UnknownEventTypeError`, else `invalid-payload`).
 */
export interface EventValidator {
  /** Throws when `type`/`version` is unknown or `data` breaks the contract; may return upcast data. */
  validate(type: string, version: number, data: unknown): unknown;
  /** When present, valid data of an older version is brought to the current one before the handler. */
  upcast?(
    type: string,
    version: number,
    data: Record<string, unknown>,
  ): { readonly version: number; readonly data: unknown };
}

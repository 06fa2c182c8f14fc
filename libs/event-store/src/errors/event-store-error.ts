/** Base of every event-store error: a stable `code`, `name` set to the class name. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export function isEventStoreError(err: unknown): err is EventStoreError {
  return err instanceof EventStoreError;
}

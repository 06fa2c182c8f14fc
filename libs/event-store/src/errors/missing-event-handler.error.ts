import { EventStoreError } from './event-store-error';

/** An aggregate was given an event type it has no handler for. */
export class MissingEventHandlerError extends EventStoreError {
  readonly code = 'SWITCHYARD_MISSING_EVENT_HANDLER';
  constructor(
    readonly aggregateType: string,
    readonly eventType: string,
  ) {
    super(`aggregate "${aggregateType}" has no handler for event "${eventType}"`);
  }
}

export function isMissingEventHandlerError(err: unknown): err is MissingEventHandlerError {
  return err instanceof MissingEventHandlerError;
}

import { EventStoreError } from './event-store-error';

/**
 * `waitForPosition` gave up: the commit was not sequenced in time. Usually no sequencer runs (the outbox
 * relay's lease holder sequences), or it is far behind.
 */
export class PositionWaitTimeoutError extends EventStoreError {
  readonly code = 'SWITCHYARD_POSITION_WAIT_TIMEOUT';
  constructor(
    readonly commitId: string,
    readonly stream: string,
    readonly timeoutMs: number,
  ) {
    super(`commit ${commitId} of "${stream}" got no global position within ${timeoutMs} ms`);
  }
}

export function isPositionWaitTimeoutError(err: unknown): err is PositionWaitTimeoutError {
  return err instanceof PositionWaitTimeoutError;
}

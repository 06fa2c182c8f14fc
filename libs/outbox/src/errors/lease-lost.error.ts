import { OutboxError } from './outbox-error';

/** This relay no longer holds the lease (it expired, or another relay took a newer term). */
export class LeaseLostError extends OutboxError {
  readonly code = 'SWITCHYARD_OUTBOX_LEASE_LOST';
  constructor(
    readonly lease: string,
    readonly term: number,
    readonly holder: string,
  ) {
    super(`relay ${holder} lost lease ${lease} (term ${term})`);
  }
}

export function isLeaseLostError(err: unknown): err is LeaseLostError {
  return err instanceof LeaseLostError;
}

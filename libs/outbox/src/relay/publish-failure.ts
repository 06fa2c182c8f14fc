import { isPublishRejectedError, type PublishRejectedError } from '@switchyard/messaging';

/**
 * A refusal that re-sending cannot cure until someone changes the broker or the message: the broker
 * closed the channel over it (404 no such exchange, 403 access refused, 406 over a size limit). Only
 * these count towards parking; timeouts, lost connections and plain nacks are the broker being away or
 * busy, and a relay that parked on them would park everything during an outage.
 */
export function isPermanentRejection(err: unknown): err is PublishRejectedError {
  return isPublishRejectedError(err) && err.permanent;
}

/** An error as one line for logs, status and the parking reason: `Name: message`. */
export function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

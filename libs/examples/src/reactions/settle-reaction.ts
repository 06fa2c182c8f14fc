import { isContractError } from '@switchyard/contracts';
import {
  isAggregateExistsError,
  isCommitTooLargeError,
  isEventIdConflictError,
  isInvalidAppendError,
  isMissingEventHandlerError,
  isStoredEventCorruptError,
} from '@switchyard/event-store';
import { DeadLetter } from '@switchyard/messaging';
import { isOrderTransitionError } from '../orders/order-transition.error';
import { isPaymentTransitionError } from '../payments/payment-transition.error';

/**
 * Whether a reaction's error is about the event itself, so that no retry can change it: a move the
 * aggregate forbids (a failed payment for a shipped order), an aggregate started by other events, an
 * event id taken by another append, events the contracts refuse, unreadable stored events. Everything
 * else (the aggregate not there yet, a revision conflict, the database away) may pass on a retry.
 */
export function isPermanentReactionError(err: unknown): boolean {
  return (
    isOrderTransitionError(err) ||
    isPaymentTransitionError(err) ||
    isAggregateExistsError(err) ||
    isEventIdConflictError(err) ||
    isContractError(err) ||
    isInvalidAppendError(err) ||
    isCommitTooLargeError(err) ||
    isMissingEventHandlerError(err) ||
    isStoredEventCorruptError(err)
  );
}

/**
 * Runs a reaction for an `@OnEvent` handler: nothing returned (ack) when it succeeds, a `DeadLetter`
 * whose reason is the error's code and message when the error is permanent; any other error is thrown
 * on, into the retry ladder.
 */
export async function settleReaction(reaction: () => Promise<unknown>): Promise<DeadLetter | undefined> {
  try {
    await reaction();
    return undefined;
  } catch (err) {
    if (!isPermanentReactionError(err)) throw err;
    const { code, message } = err as Error & { code?: string };
    return new DeadLetter(code ? `${code}: ${message}` : message);
  }
}

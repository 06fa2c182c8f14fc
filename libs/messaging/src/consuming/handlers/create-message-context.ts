import type { Inbox } from '../../inbox/inbox';
import type { AttemptLease } from '../retry/attempt-lease';
import type { MessageContext } from './message-context';

/** What the consumer knows about a delivery before an attempt. */
export type DeliveryFacts = Omit<MessageContext, 'attempt' | 'signal' | 'inbox'>;

/**
 * The context of one attempt: its `signal` and its `inbox.recordWith` belong to `lease`, so once the
 * runtime stops waiting for the attempt the signal is aborted and the write is refused
 * (`DeliveryExpiredError`).
 */
export function createMessageContext(
  facts: DeliveryFacts,
  lease: AttemptLease,
  consumerName: string,
  inbox: Inbox | undefined,
): MessageContext {
  const key = `${consumerName}:${facts.messageId}`;
  return {
    ...facts,
    attempt: lease.attempt,
    signal: lease.signal,
    inbox: {
      key,
      recordWith: (collection, doc) =>
        lease.guard(async () => {
          if (!inbox) throw new TypeError('recordWith needs the inbox: configure `inbox` in MessagingModule');
          return inbox.recordWith(collection, key, doc);
        }),
    },
  };
}

import type { InboxEffectCollection, InboxEffectDocument } from '../../inbox/inbox';

/** What an inbox-aware handler can do to make its effect exactly once. */
export interface HandlerInbox {
  /** The key of this delivery in the inbox: `<consumer>:<message-id>`. */
  readonly key: string;
  /**
   * The exactly-once path: writes the handler's own effect document carrying the inbox key, in ONE
   * document write guarded by a unique index on `inboxKey`. Of two deliveries of one message, also two at
   * once in two processes, one resolves `'recorded'` and the other `'duplicate'`. Call it last, as the
   * handler's commit (effects outside the database go before it, idempotent on `key`).
   * @throws DeliveryExpiredError once the attempt is past its visibility timeout or shutdown gave up on it
   */
  recordWith(collection: InboxEffectCollection, doc: InboxEffectDocument): Promise<'recorded' | 'duplicate'>;
}

/** The typed context every handler gets instead of raw amqplib objects. */
export interface MessageContext<T = unknown> {
  /** The validated (and possibly upcast) payload. */
  readonly event: T;
  readonly type: string;
  readonly messageId: string;
  /**
   * The message's `correlation-id` property: the correlation id of the event (its metadata), which a
   * reaction carries on to the events it appends.
   */
  readonly correlationId?: string;
  readonly headers: Readonly<Record<string, unknown>>;
  /** The routing key it was published with (kept across retry tiers). */
  readonly routingKey: string;
  /** 1 on the first delivery, 2 on the first retry, ... */
  readonly attempt: number;
  readonly redelivered: boolean;
  readonly stream?: string;
  readonly revision?: number;
  /** The queue it was consumed from (a partition queue for ordered consumers). */
  readonly queue: string;
  /**
   * Aborted, with a `DeliveryExpiredError` as its reason, when the visibility timeout passes or shutdown
   * gives up on the handler: pass it to whatever takes a signal, and `throwIfAborted()` before effects the
   * runtime cannot see.
   */
  readonly signal: AbortSignal;
  readonly inbox: HandlerInbox;
}

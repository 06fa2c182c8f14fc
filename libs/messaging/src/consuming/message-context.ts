import type { Collection, Document } from 'mongodb';

/** What an inbox-aware handler can do to make its effect exactly once. */
export interface HandlerInbox {
  /** The key of this delivery in the inbox: `<consumer>:<message-id>`. */
  readonly key: string;
  /**
   * Writes the handler's own effect document carrying the inbox key, in ONE document write guarded by a
   * unique index on `inboxKey`. Resolves `'duplicate'` when this message's effect was already written
   * (a redelivery): the handler should then skip its other effects.
   */
  recordWith(collection: Collection<Document> | string, doc: Document): Promise<'recorded' | 'duplicate'>;
}

/** The typed context every handler gets instead of raw amqplib objects. */
export interface MessageContext<T = unknown> {
  /** The validated (and possibly upcast) payload. */
  readonly event: T;
  readonly type: string;
  readonly messageId: string;
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
  /** Aborted when the visibility timeout passes or shutdown gives up on the handler. */
  readonly signal: AbortSignal;
  readonly inbox: HandlerInbox;
}

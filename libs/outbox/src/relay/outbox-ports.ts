import type { OutgoingEvent } from '@switchyard/messaging';

/**
 * What the relay needs from its neighbours, as narrow structural interfaces: the event store's commit
 * documents are the outbox, and the messaging publisher sends with confirms.
 */

/** One stored event as the relay publishes it. */
export interface OutboxEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata?: {
    readonly correlationId?: string;
    readonly causationId?: string;
    readonly traceparent?: string;
    readonly actor?: string;
    readonly tenant?: string;
  };
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
  readonly committedAt: Date;
}

/** One append: the unit the relay publishes and marks dispatched. */
export interface OutboxCommit {
  readonly commitId: string;
  readonly stream: string;
  readonly position: number;
  readonly committedAt: Date;
  readonly events: readonly OutboxEvent[];
}

/** The event store as an outbox. */
export interface OutboxSource {
  /** Undispatched commits, oldest position first. */
  readUndispatched(options: { limit: number }): Promise<readonly OutboxCommit[]>;
  /** Idempotent. */
  markDispatched(commitId: string): Promise<void>;
  countUndispatched(): Promise<number>;
  /** Called after each successful append (the fast path). Returns an unsubscribe function. */
  subscribeToAppends(listener: (commit: OutboxCommit) => void): () => void;
}

/** Confirmed publishing of one event to its domain's exchange (EventPublisher.publish). */
export interface OutboxPublisher {
  publish(event: OutgoingEvent): Promise<void>;
}

/** Where each event type is published: its domain (exchange `<domain>.events`) and routing key. */
export interface OutboxRouting {
  domainOf(type: string): string;
  routingKeyOf(type: string): string;
}

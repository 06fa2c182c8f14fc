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
  /** Set when the commit is parked: the relay does not publish it, nor its stream's later commits. */
  readonly parked?: OutboxParking;
  readonly events: readonly OutboxEvent[];
}

/** Why the relay gave up publishing a commit (the event store's `CommitParking`). */
export interface OutboxParking {
  readonly reason: string;
  readonly replyCode?: number;
  readonly replyText?: string;
  readonly attempts: number;
  readonly parkedAt: Date;
}

/** A parked commit as the relay and its health list it. */
export interface OutboxParkedCommit {
  readonly commitId: string;
  readonly stream: string;
  /** Revision of the commit's first event. */
  readonly revision: number;
  readonly position: number;
  readonly parking: OutboxParking;
}

/** What one sequencer batch did (the event store's `SequenceResult`). */
export interface OutboxSequenced {
  readonly sequenced: number;
  /** Nothing was left waiting for a position. */
  readonly complete: boolean;
  /** Of them, how many were given to the `handOff`. */
  readonly handedOff?: number;
}

/** The event store as an outbox. */
export interface OutboxSource {
  /**
   * Gives one batch of appended commits their global positions (the store's sequencer). The relay's
   * lease holder runs it before each read of undispatched commits; `resync` after taking the lease.
   */
  sequence(options: {
    limit?: number;
    resync?: boolean;
    /**
     * The fast path: given the commits just claimed, before their stamp; resolves those published, which
     * the stamp marks dispatched (the event store's `SequenceOptions.handOff`).
     */
    handOff?: (commits: readonly OutboxCommit[]) => Promise<Iterable<string>>;
  }): Promise<OutboxSequenced>;
  /**
   * Sequenced undispatched commits, oldest position first, parked ones included (with `parked` set),
   * none of the excluded streams.
   */
  readUndispatched(options: {
    limit: number;
    excludeStreams?: readonly string[];
  }): Promise<readonly OutboxCommit[]>;
  /** Marks the commits published, in one bulk write. Idempotent. */
  markDispatched(commitIds: readonly string[]): Promise<void>;
  countUndispatched(): Promise<number>;
  /** Records that the relay gave up on an undispatched commit for now (the store sets `parkedAt`). */
  parkCommit(commitId: string, parking: Omit<OutboxParking, 'parkedAt'>): Promise<void>;
  /** The parked commits, oldest position first (an equality look-up, read now and then). */
  readParked(): Promise<readonly OutboxParkedCommit[]>;
  /** Called after each successful append in this process (the fast path). Returns an unsubscribe function. */
  subscribeToAppends(listener: () => void): () => void;
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

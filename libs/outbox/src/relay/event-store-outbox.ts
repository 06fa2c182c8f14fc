import type { OutboxCommit, OutboxParkedCommit, OutboxParking, OutboxSource } from './outbox-ports';

/** The parts of `@switchyard/event-store`'s EventStore that make it an outbox. */
export interface EventStoreLike {
  readUndispatched(options?: {
    limit?: number;
    excludeStreams?: readonly string[];
  }): Promise<readonly OutboxCommit[]>;
  markDispatched(commitId: string): Promise<void>;
  countUndispatched(): Promise<number>;
  parkCommit(commitId: string, parking: Omit<OutboxParking, 'parkedAt'>): Promise<void>;
  readParked(): Promise<readonly OutboxParkedCommit[]>;
  subscribeToAppends(listener: (commit: OutboxCommit) => void): () => void;
}

/** Adapts an event store to the relay's {@link OutboxSource}. */
export function eventStoreOutbox(store: EventStoreLike): OutboxSource {
  return {
    readUndispatched: (o) => store.readUndispatched(o),
    markDispatched: (id) => store.markDispatched(id),
    countUndispatched: () => store.countUndispatched(),
    parkCommit: (id, parking) => store.parkCommit(id, parking),
    readParked: () => store.readParked(),
    subscribeToAppends: (l) => store.subscribeToAppends(l),
  };
}

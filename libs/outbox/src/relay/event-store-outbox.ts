import type {
  OutboxCommit,
  OutboxParkedCommit,
  OutboxParking,
  OutboxSequenced,
  OutboxSource,
} from './outbox-ports';

/** The parts of `@switchyard/event-store`'s EventStore that make it an outbox. */
export interface EventStoreLike {
  sequence(options?: {
    limit?: number;
    resync?: boolean;
    handOff?: (commits: readonly OutboxCommit[]) => Promise<Iterable<string>>;
  }): Promise<OutboxSequenced>;
  readUndispatched(options?: {
    limit?: number;
    excludeStreams?: readonly string[];
  }): Promise<readonly OutboxCommit[]>;
  markDispatched(commitIds: readonly string[]): Promise<void>;
  countUndispatched(): Promise<number>;
  parkCommit(commitId: string, parking: Omit<OutboxParking, 'parkedAt'>): Promise<void>;
  readParked(): Promise<readonly OutboxParkedCommit[]>;
  subscribeToAppends(listener: () => void): () => void;
}

/** Adapts an event store to the relay's {@link OutboxSource}. */
export function eventStoreOutbox(store: EventStoreLike): OutboxSource {
  return {
    sequence: (o) => store.sequence(o),
    readUndispatched: (o) => store.readUndispatched(o),
    markDispatched: (ids) => store.markDispatched(ids),
    countUndispatched: () => store.countUndispatched(),
    parkCommit: (id, parking) => store.parkCommit(id, parking),
    readParked: () => store.readParked(),
    subscribeToAppends: (l) => store.subscribeToAppends(l),
  };
}

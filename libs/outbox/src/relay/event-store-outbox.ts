import type { OutboxCommit, OutboxSource } from './outbox-ports';

/** The parts of `@switchyard/event-store`'s EventStore that make it an outbox. */
export interface EventStoreLike {
  readUndispatched(options?: { limit?: number }): Promise<readonly OutboxCommit[]>;
  markDispatched(commitId: string): Promise<void>;
  countUndispatched(): Promise<number>;
  subscribeToAppends(listener: (commit: OutboxCommit) => void): () => void;
}

/** Adapts an event store to the relay's {@link OutboxSource}. */
export function eventStoreOutbox(store: EventStoreLike): OutboxSource {
  return {
    readUndispatched: (o) => store.readUndispatched(o),
    markDispatched: (id) => store.markDispatched(id),
    countUndispatched: () => store.countUndispatched(),
    subscribeToAppends: (l) => store.subscribeToAppends(l),
  };
}

import type { EventStore } from '@switchyard/event-store';

/**
 * Runs the event store's sequencer until nothing waits for a position, so `readAll` and the outbox see
 * every commit appended so far. For tests without a running relay (the relay's lease holder sequences
 * otherwise). Gives up after `maxBatches` batches.
 */
export async function sequenceAll(
  store: Pick<EventStore, 'sequence'>,
  options: { limit?: number; maxBatches?: number } = {},
): Promise<number> {
  let total = 0;
  for (let i = 0; i < (options.maxBatches ?? 1_000); i++) {
    const r = await store.sequence({ limit: options.limit });
    total += r.sequenced;
    if (r.complete) return total;
  }
  throw new Error('sequenceAll: commits still waiting after the batch bound');
}

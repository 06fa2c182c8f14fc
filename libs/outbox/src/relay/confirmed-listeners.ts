import { Logger } from '@nestjs/common';
import type { OutboxCommit } from './outbox-ports';

/**
 * Observes the commits whose every event the broker has just confirmed. Called once per batch, right
 * after the confirms and before the commits are marked dispatched, with the batch's confirmed commits
 * (each carries `committedAt`, so a listener can measure commit→publish lag).
 */
export type OutboxConfirmedListener = (confirmed: readonly OutboxCommit[]) => void;

/** The relay's {@link OutboxConfirmedListener}s: called in order, one's error never stops the relay. */
export class ConfirmedListeners {
  private readonly logger = new Logger('OutboxRelay');
  private readonly listeners = new Set<OutboxConfirmedListener>();

  add(listener: OutboxConfirmedListener): () => void {
    // A wrapper per call, so the same function added twice is called twice and removed once per handle.
    const entry: OutboxConfirmedListener = (confirmed) => listener(confirmed);
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  notify(confirmed: readonly OutboxCommit[]): void {
    if (confirmed.length === 0) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(confirmed);
      } catch (err) {
        this.logger.warn(
          `an onConfirmed listener threw (the relay goes on): ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
  }
}

import type { Collection } from 'mongodb';
import { PositionWaitTimeoutError } from '../errors/position-wait-timeout.error';
import type { PositionClaim } from '../sequencing/sequencer-store';
import type { CommitDocument } from './commit-document';

/** First pause between look-ups; doubled up to `MAX_POLL_MS`. */
const FIRST_POLL_MS = 2;
const MAX_POLL_MS = 50;

/**
 * `waitForPosition`: polls the commit (an `_id` + stream look-up) with growing pauses until it carries a
 * position, and wakes up at once when this process's own sequencer stamps it.
 */
export class PositionWaiters {
  private readonly wakers = new Map<string, Set<() => void>>();

  constructor(private readonly commits: Collection<CommitDocument>) {}

  async wait(commit: { commitId: string; stream: string }, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let pause = FIRST_POLL_MS;
    for (;;) {
      const doc = await this.commits.findOne(
        { _id: commit.commitId, stream: commit.stream },
        { projection: { position: 1, sequenced: 1 } },
      );
      if (doc && doc.sequenced !== false && typeof doc.position === 'number') return doc.position;
      const left = deadline - Date.now();
      if (left <= 0) throw new PositionWaitTimeoutError(commit.commitId, commit.stream, timeoutMs);
      await this.sleep(commit.commitId, Math.min(pause, left));
      pause = Math.min(pause * 2, MAX_POLL_MS);
    }
  }

  /** This process stamped these claims: their waiters look again now. */
  stamped(claims: readonly PositionClaim[]): void {
    if (this.wakers.size === 0) return;
    for (const c of claims) {
      const wake = this.wakers.get(c.commitId);
      if (wake) for (const w of wake) w();
    }
  }

  private sleep(commitId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.wakers.get(commitId);
      if (!set) this.wakers.set(commitId, (set = new Set()));
      const wakers = set;
      const done = (): void => {
        clearTimeout(timer);
        wakers.delete(done);
        if (wakers.size === 0) this.wakers.delete(commitId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });
  }
}

import type { Collection } from 'mongodb';
import type { CommitDocument } from './commit-document';

/**
 * Hands out the next global position. Positions are dense (1, 2, 3, … with no gap), so "position p is
 * taken" is true for every p up to the highest one: the highest is found by galloping and bisecting with
 * equality look-ups, which FerretDB answers quickly (it does not push a `sort` down to PostgreSQL, so a
 * `sort({position: -1}).limit(1)` reads the whole collection). The known highest position only ever
 * comes from a position seen taken, so `next()` never skips one: readers can resume from a checkpoint.
 */
export class PositionAllocator {
  private known?: number;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly commits: Collection<CommitDocument>) {}

  /** The position to try next: one past the highest known to be taken. */
  async next(): Promise<number> {
    this.known ??= await this.highestFrom(0);
    return this.known + 1;
  }

  /** Records that `position` is taken (our insert succeeded). */
  taken(position: number): void {
    if (this.known === undefined || position > this.known) this.known = position;
  }

  /** After a lost race: moves the known highest position forward to the real one. */
  async refresh(): Promise<void> {
    this.known = await this.highestFrom(this.known ?? 0);
  }

  /**
   * Runs `fn` alone among this process's appends, so they take positions one after another instead of
   * racing each other for the same one; appends from other processes still race and retry.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async highestFrom(known: number): Promise<number> {
    let low = known;
    let step = 1;
    while (await this.exists(low + step)) {
      low += step;
      step *= 2;
    }
    let high = low + step; // not taken
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await this.exists(mid)) low = mid;
      else high = mid;
    }
    return low;
  }

  private async exists(position: number): Promise<boolean> {
    return (await this.commits.findOne({ position }, { projection: { _id: 1 } })) !== null;
  }
}

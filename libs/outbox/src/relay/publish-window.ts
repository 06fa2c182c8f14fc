/**
 * A bound on publishes awaiting their confirm at once: `run` waits for a free slot, so a batch keeps up
 * to `size` confirms in flight across its streams without flooding the channel.
 */
export class PublishWindow {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inFlight++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight--;
    }
  }
}

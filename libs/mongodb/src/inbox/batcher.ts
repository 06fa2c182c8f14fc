import { performance } from 'node:perf_hooks';

/** How a {@link Batcher} gathers calls. */
export interface BatcherOptions {
  /** The largest batch `run` is given. @default 256 */
  readonly maxBatch?: number;
  /**
   * Under load (a batch ended less than `busyGapMs` ago), how long the next batch waits for more calls
   * before it starts; an idle caller is never delayed. @default 0
   */
  readonly lingerMs?: number;
  /** @default 5 */
  readonly busyGapMs?: number;
}

/**
 * Coalesces concurrent calls into batches, like a database's group commit: one batch runs at a time,
 * and the calls made while it runs form the next one. An idle caller is served at once (its batch starts
 * in the same tick's microtasks); under load a batch may linger a moment to gather more.
 */
export class Batcher<I, O> {
  private queue: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private running = false;
  private lastEnded = -Infinity;
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  private readonly busyGapMs: number;

  /** @param run answers a batch, one output per input, in order */
  constructor(
    private readonly run: (inputs: readonly I[]) => Promise<readonly O[]>,
    options: BatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 256;
    this.lingerMs = options.lingerMs ?? 0;
    this.busyGapMs = options.busyGapMs ?? 5;
  }

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (this.running) return;
      this.running = true;
      const busy = performance.now() - this.lastEnded < this.busyGapMs;
      if (busy && this.lingerMs > 0) setTimeout(() => void this.drain(), this.lingerMs);
      else queueMicrotask(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const outputs = await this.run(batch.map((b) => b.input));
        batch.forEach((b, i) => b.resolve(outputs[i]!));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.lastEnded = performance.now();
    this.running = false;
  }
}

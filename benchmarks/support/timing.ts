/** Small timing helpers shared by the benches. */
import { performance } from 'node:perf_hooks';

/** Milliseconds one call takes. */
export async function sample(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The value at quantile `q` (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Wall time of `n` calls with at most `concurrency` in flight. */
export async function wall(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  return performance.now() - start;
}

/**
 * Runs `a` and `b` in `blocks` alternating blocks of `perBlock` calls each (ABBA order, so neither side
 * always goes first), `concurrency` calls in flight; returns the total wall time of each side (ms).
 */
export async function alternate(
  blocks: number,
  perBlock: number,
  concurrency: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<[number, number]> {
  let totalA = 0;
  let totalB = 0;
  for (let block = 0; block < blocks; block++) {
    const aFirst = block % 2 === 0;
    for (const side of aFirst ? ['a', 'b'] : ['b', 'a']) {
      const ms = await wall(perBlock, concurrency, side === 'a' ? a : b);
      if (side === 'a') totalA += ms;
      else totalB += ms;
    }
  }
  return [totalA, totalB];
}

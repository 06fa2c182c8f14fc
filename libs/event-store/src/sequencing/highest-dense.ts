/**
 * The highest `p >= known` such that `holds(p)`, for a predicate that holds on a dense prefix
 * (1, 2, … p, and not p + 1), given that it holds at `known` (or `known` is 0). Gallops, then bisects:
 * about 2·log2(distance) look-ups, each an equality query (fast on FerretDB, where a
 * `sort({position: -1}).limit(1)` reads the whole collection).
 */
export async function highestDense(known: number, holds: (p: number) => Promise<boolean>): Promise<number> {
  let low = known;
  let step = 1;
  while (await holds(low + step)) {
    low += step;
    step *= 2;
  }
  let high = low + step; // does not hold
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await holds(mid)) low = mid;
    else high = mid;
  }
  return low;
}

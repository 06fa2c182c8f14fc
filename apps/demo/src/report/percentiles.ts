/** The p-th percentile (0–100) of the values by nearest rank; `undefined` for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** `p50 / p99 / n` of the values, in whole ms (`-` for none). */
export function formatLatencies(ms: readonly number[]): string {
  const fmt = (v: number | undefined) => (v === undefined ? '-' : `${Math.round(v)} ms`);
  return `${fmt(percentile(ms, 50))} / ${fmt(percentile(ms, 99))} / ${ms.length}`;
}

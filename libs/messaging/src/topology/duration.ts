const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^([1-9][0-9]*)(ms|s|m|h)$/;

/**
 * Parses a topology duration such as `500ms`, `1s`, `10m` or `2h` into milliseconds.
 * Returns `undefined` for anything else (zero, negative, decimals, unknown units), so callers can
 * report the culprit themselves.
 */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * UNITS[m[2]!]!;
}

import { InvalidDurationError } from './errors/invalid-duration.error';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `250ms`, `10s`, `1m`, `2h` (the topology's duration format) into milliseconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim());
  if (!m) throw new InvalidDurationError(value);
  return Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
}

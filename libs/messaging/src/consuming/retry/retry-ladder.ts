import { requireDuration } from '../../connection/duration';

/** The delay tier for the retry after `failures` failed attempts (1 → the first tier), or the one asked for. */
export function pickRetryTier(delays: readonly string[], failures: number, wantedDelayMs?: number): string {
  if (delays.length === 0) throw new RangeError('a retry policy needs at least one delay tier');
  if (wantedDelayMs !== undefined) {
    return delays.find((d) => requireDuration(d) >= wantedDelayMs) ?? delays[delays.length - 1]!;
  }
  return delays[Math.min(Math.max(failures, 1), delays.length) - 1]!;
}

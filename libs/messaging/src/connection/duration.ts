import { parseDuration } from '../topology/duration';
import { InvalidDurationError } from './errors/invalid-duration.error';

/**
 * Milliseconds of a duration in the topology's format (`250ms`, `10s`, `1m`, `2h`), for runtime options;
 * throws {@link InvalidDurationError} naming the value otherwise. One grammar with topology validation.
 */
export function requireDuration(value: string): number {
  const ms = parseDuration(value.trim());
  if (ms === undefined) throw new InvalidDurationError(value);
  return ms;
}

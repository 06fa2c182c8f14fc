import { CliError } from '../cli-error';

/** A global position given on the command line: a whole number from 1 on. */
export function positionFlag(flag: string, value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new CliError(`${flag} must be a position, a whole number from 1 on, got "${value}"`);
  return n;
}

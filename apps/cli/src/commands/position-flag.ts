import { CliError } from '../cli-error';

/** A whole number from 1 on given on the command line, e.g. a global position or a schema version. */
export function positionFlag(flag: string, value: string, what = 'a position'): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new CliError(`${flag} must be ${what}, a whole number from 1 on, got "${value}"`);
  return n;
}

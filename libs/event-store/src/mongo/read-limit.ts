import { DEFAULT_READ_LIMIT } from '../event-store.constants';

/** A read's page size: at least 1, `DEFAULT_READ_LIMIT` when not given. */
export function positiveLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_READ_LIMIT;
  return Math.max(1, Math.floor(limit));
}

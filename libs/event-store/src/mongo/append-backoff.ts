import { DEFAULT_APPEND_BACKOFF_MS } from '../event-store.constants';

/** A short random back-off, growing with the attempt, so racing writers spread out. */
export function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(DEFAULT_APPEND_BACKOFF_MS * attempt, 100);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * How long an ordered partition waits, after a handler ran past its visibility timeout, for that call to
 * settle before it retries anyway (and logs that it abandoned it), in ms. Until then the partition's next
 * attempt and later events wait, so a late call cannot write after them.
 */
export const DEFAULT_LATE_HANDLER_LIMIT_MS = 30_000;

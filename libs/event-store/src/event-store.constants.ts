/** Injection token of the `EventStore` provided by `EventStoreModule`. */
export const EVENT_STORE = Symbol('switchyard:event-store');

/** Collection holding one document per append. */
export const DEFAULT_COMMITS_COLLECTION = 'commits';
/** Collection holding aggregate snapshots (insert-only). */
export const DEFAULT_SNAPSHOTS_COLLECTION = 'snapshots';
/** A commit's BSON size limit: below MongoDB's 16 MiB document cap, with room for the driver's envelope. */
export const DEFAULT_MAX_COMMIT_BYTES = 15 * 1024 * 1024;
/** How many times one append retries a lost race for a global position before giving up. */
export const DEFAULT_MAX_APPEND_ATTEMPTS = 60;
/** Upper bound of the random back-off between append attempts, in milliseconds. */
export const DEFAULT_APPEND_BACKOFF_MS = 8;
/** Commits carry `bucket = floor(position / POSITION_BUCKET_SIZE)`, so read-all pages use equality look-ups. */
export const POSITION_BUCKET_SIZE = 100;
/** Default page size of `readAll` and `readStream`. */
export const DEFAULT_READ_LIMIT = 1_000;
/** How many chain generations one snapshot save may lose to concurrent writers before giving up. */
export const SNAPSHOT_SAVE_ATTEMPTS = 20;
/**
 * Commits carry `revisionBucket = floor(revision / REVISION_BUCKET_SIZE)` (of their first revision), so the
 * tail of a stream after a snapshot is fetched with a couple of equality look-ups, not one per commit.
 */
export const REVISION_BUCKET_SIZE = 64;

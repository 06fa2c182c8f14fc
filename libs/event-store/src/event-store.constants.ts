/** Injection token of the `EventStore` provided by `EventStoreModule`. */
export const EVENT_STORE = Symbol('switchyard:event-store');

/** Collection holding one document per append. */
export const DEFAULT_COMMITS_COLLECTION = 'commits';
/** Collection holding aggregate snapshots (insert-only). */
export const DEFAULT_SNAPSHOTS_COLLECTION = 'snapshots';
/** A commit's BSON size limit: below MongoDB's 16 MiB document cap, with room for the driver's envelope. */
export const DEFAULT_MAX_COMMIT_BYTES = 15 * 1024 * 1024;
/** Collection of position claims: one document per sequenced commit, `_id` = its position. */
export const DEFAULT_POSITIONS_COLLECTION = 'commit_positions';
/**
 * How many times one append to a stream with a loose expectation (`any`, `streamExists`) retries after
 * losing the stream's next revision to a concurrent append of the same stream.
 */
export const DEFAULT_MAX_APPEND_ATTEMPTS = 60;
/** Most commits one sequencer batch gives positions to. */
export const DEFAULT_SEQUENCE_BATCH_SIZE = 1_000;
/**
 * Most update statements in one bulk-write command (stamping positions, marking commits dispatched).
 * FerretDB 1.24 holds a PostgreSQL connection per statement until the command ends, and deadlocks past
 * its pool of 50; raise it on MongoDB (to the batch size: one command per batch).
 */
export const DEFAULT_MAX_UPDATES_PER_COMMAND = 2;
/**
 * Bulk-write commands in flight at once for one batch's updates (a stream's updates stay in one lane,
 * in order). With `DEFAULT_MAX_UPDATES_PER_COMMAND` it holds at most 16 FerretDB connections.
 */
export const DEFAULT_UPDATE_LANES = 8;
/** How long `waitForPosition` waits for the sequencer before giving up. */
export const DEFAULT_POSITION_WAIT_MS = 10_000;
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
/** Commits per read of `exportEvents` and `archiveEvents` (ten position buckets read side by side). */
export const DEFAULT_EXPORT_PAGE_SIZE = 1_000;

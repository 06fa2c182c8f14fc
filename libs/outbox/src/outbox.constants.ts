/** Collection holding relay leases (one document per lease term). */
export const DEFAULT_LEASE_COLLECTION = 'outbox_leases';
/** Name of the lease all relays of one store compete for. */
export const DEFAULT_LEASE_NAME = 'outbox-relay';
/** How long a lease lasts without renewal; a crashed holder's lease expires after this. */
export const DEFAULT_LEASE_TTL_MS = 5_000;
/** How often the holder renews, and a non-holder tries to take over. */
export const DEFAULT_LEASE_RENEW_MS = 1_000;
/** How often the sweeper looks for undispatched commits. */
export const DEFAULT_SWEEP_INTERVAL_MS = 500;
/** Commits read, published and marked per batch. */
export const DEFAULT_BATCH_SIZE = 500;
/** Publishes awaiting their broker confirm at once, across the streams of a batch. */
export const DEFAULT_PUBLISH_WINDOW = 256;
/** Permanent broker refusals (404, 403, 406, …) of one commit before the relay parks it. */
export const DEFAULT_PARK_AFTER_ATTEMPTS = 5;
/** Pause before the second attempt at a refused commit; doubled for each attempt after it. */
export const DEFAULT_RETRY_BACKOFF_MS = 250;
/** Upper bound of the pause between attempts at a refused commit. */
export const DEFAULT_MAX_RETRY_BACKOFF_MS = 5_000;
/** How often the relay re-reads which commits are parked (and so sees an unpark). */
export const DEFAULT_PARKED_REFRESH_MS = 5_000;
/** How many parked commits the health details list (all are counted). */
export const DEFAULT_HEALTH_PARKED_LISTED = 10;

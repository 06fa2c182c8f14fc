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
/** Commits read per sweep batch. */
export const DEFAULT_BATCH_SIZE = 100;
/** Environment variable naming a fault point to crash at (tests only). */
export const FAULT_POINT_ENV = 'SWITCHYARD_OUTBOX_FAULT';

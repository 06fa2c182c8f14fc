/** Metadata key of `@Projection()` on a class. */
export const PROJECTION_METADATA = Symbol('switchyard:projection');
/** Metadata key of `@ProjectionHandler()` on a method. */
export const PROJECTION_HANDLER_METADATA = Symbol('switchyard:projection-handler');
/** Metadata key of `@ProjectionSideEffects()` on a method. */
export const PROJECTION_SIDE_EFFECTS_METADATA = Symbol('switchyard:projection-side-effects');
/** Metadata key listing a class's decorated methods (decorators only record, the normaliser reads). */
export const PROJECTION_METHODS_METADATA = Symbol('switchyard:projection-methods');

/** Commits one live round reads at most: a caught-up runner reads a short page. */
export const DEFAULT_LIVE_PAGE_SIZE = 100;
/** Commits one rebuild (or long catch-up) round reads, folds in memory and writes once. */
export const DEFAULT_REBUILD_PAGE_SIZE = 1_000;
/** How often a runner reads the store without a wake message (the safety net), in ms. */
export const DEFAULT_POLL_INTERVAL_MS = 1_000;
/** How long a build's lease lasts without renewal; a crashed holder's builds move on after this. */
export const DEFAULT_PROJECTION_LEASE_TTL_MS = 5_000;
/** How often a holder renews its lease, and a standby tries to take it. */
export const DEFAULT_PROJECTION_LEASE_RENEW_MS = 1_000;
/**
 * How often a live runner stores its checkpoint while pages keep coming (the documents' marks make the
 * pages a crash repeats no-ops, so a page need not store it): one write less per page.
 */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 250;
/** How often the live daemon reads the pointers (to follow a rebuild's switch), in ms. */
export const DEFAULT_POINTER_CHECK_MS = 1_000;
/** How long a rebuild waits for the old version's lease before it leaves the old collection in place. */
export const DEFAULT_DROP_WAIT_MS = 30_000;
/** Document ids one `$in` look-up asks for at most. */
export const DEFAULT_LOAD_CHUNK = 500;
/** Most replace statements in one bulk-write command (FerretDB 1.24 holds a connection per statement). */
export const DEFAULT_REPLACES_PER_COMMAND = 4;
/** Bulk-write commands in flight at once for one page's replaces. */
export const DEFAULT_WRITE_LANES = 4;
/** Most documents in one `insertMany`. */
export const DEFAULT_INSERTS_PER_COMMAND = 200;

/** The collections a projection store keeps besides the read models themselves. */
export const DEFAULT_PROJECTION_COLLECTIONS = {
  checkpoints: 'projection_checkpoints',
  pointers: 'projection_pointers',
  rebuilds: 'projection_rebuilds',
  skips: 'projection_skips',
  sideEffects: 'projection_side_effects',
  leases: 'projection_leases',
} as const;

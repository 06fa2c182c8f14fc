import type { ProjectionDefinition } from '../definition/projection-definition';
import type { ProjectionMetrics } from '../metrics/projection-metrics';
import type { ProjectionStore } from '../store/projection-store';
import type { ProjectionEventSource } from './page-reader';
import type { ProjectionLogger } from './projection-logger';

/** Timings and sizes of runners; every field has a default in `projections.constants.ts`. */
export interface ProjectionTuning {
  /** Commits per page. @default DEFAULT_LIVE_PAGE_SIZE live, DEFAULT_REBUILD_PAGE_SIZE rebuilding */
  readonly pageSize?: number;
  /** @default DEFAULT_POLL_INTERVAL_MS */
  readonly pollIntervalMs?: number;
  /** @default DEFAULT_PROJECTION_LEASE_TTL_MS */
  readonly leaseTtlMs?: number;
  /** @default DEFAULT_PROJECTION_LEASE_RENEW_MS */
  readonly leaseRenewMs?: number;
  /**
   * How often a live runner stores its checkpoint (at least; also before idling, on a deletion, on
   * stop). 0: after every page, as rebuilds do. @default DEFAULT_CHECKPOINT_INTERVAL_MS
   */
  readonly checkpointIntervalMs?: number;
}

/** A page applied, as progress callbacks see it. */
export interface RunnerProgress {
  readonly position: number;
  /** Events of the projection's types applied by this page. */
  readonly events: number;
  /** All events read by this page (what a replay rate counts). */
  readonly eventsRead: number;
  readonly caughtUp: boolean;
}

/** A page applied, with its commits: when each was committed, and when its read model was written. */
export interface AppliedPage {
  readonly projection: string;
  readonly version: number;
  readonly commits: readonly { readonly position: number; readonly committedAt: Date }[];
  /** After the page's documents and checkpoint were written. */
  readonly appliedAt: Date;
}

/** Options of a {@link ProjectionRunner}. */
export interface ProjectionRunnerOptions extends ProjectionTuning {
  readonly definition: ProjectionDefinition;
  /** The build's version. @default definition.version */
  readonly version?: number;
  readonly store: ProjectionStore;
  readonly events: ProjectionEventSource;
  /** This process's identity in the lease. */
  readonly holder: string;
  /** `live` runs side effects (past the first catch-up); `rebuild` never does. @default 'live' */
  readonly mode?: 'live' | 'rebuild';
  readonly logger?: ProjectionLogger;
  readonly metrics?: ProjectionMetrics;
  /** Which `readAll` errors mean "this commit cannot be read". @default isUnreadableEventError */
  readonly isUnreadable?: (err: unknown) => boolean;
  readonly onProgress?: (progress: RunnerProgress) => void;
  readonly onApplied?: (page: AppliedPage) => void;
}

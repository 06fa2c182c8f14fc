import type { Lease } from '@switchyard/mongodb';
import type { ReadModelDocument } from '../definition/projection-definition';
import type {
  BuildCheckpoint,
  BuildRef,
  CheckpointUpdate,
  ProjectionPointer,
  RebuildRecord,
  ReadModelWrite,
  SkipRecord,
  StoredReadModel,
} from './projection-store.types';

/**
 * Where projections keep their read models and bookkeeping: documents per build, checkpoints, the
 * pointer the query side follows, rebuild state, skip decisions, side-effect claims and leases. Every
 * write that races is an insert guarded by a unique `_id` or an update guarded by the value it expects,
 * never an upsert or `$inc`: FerretDB and MongoDB behave the same. `getMongoProjectionStore` and
 * `getInMemoryProjectionStore` implement it.
 */
export interface ProjectionStore {
  ensureIndexes(): Promise<void>;

  /** The stored documents (tombstones included) among `ids`, in one look-up. */
  loadDocuments(build: BuildRef, ids: readonly string[]): Promise<StoredReadModel[]>;
  /**
   * Writes a page's documents, each once.
   * @throws ProjectionWriteConflictError when an insert found the id taken or a replacement found the
   *   document moved (another writer); the writes that matched are applied, which is safe: each carries
   *   its own mark.
   */
  writeDocuments(build: BuildRef, writes: readonly ReadModelWrite[]): Promise<void>;
  /** Every live document of a build (tombstones left out), for tests and small read models. */
  allDocuments(build: BuildRef): Promise<Array<{ readonly id: string; readonly state: ReadModelDocument }>>;
  /** Drops a build: its collection and its checkpoint. */
  dropBuild(build: BuildRef): Promise<void>;

  readCheckpoint(build: BuildRef): Promise<BuildCheckpoint | undefined>;
  /** Inserts the build's first checkpoint (position 0), or returns the one already there. */
  createCheckpoint(build: BuildRef): Promise<BuildCheckpoint>;
  /**
   * Moves the checkpoint on, guarded by the position it is expected at.
   * @throws ProjectionWriteConflictError when it is not there (another writer moved it)
   */
  updateCheckpoint(build: BuildRef, expectedPosition: number, update: CheckpointUpdate): Promise<void>;

  readPointer(name: string): Promise<ProjectionPointer | undefined>;
  /** Inserts the pointer at `build` when the projection has none; returns the pointer in force. */
  createPointer(build: BuildRef): Promise<ProjectionPointer>;
  /** Moves the pointer from `fromVersion` to `to`; false when it was not at `fromVersion`. */
  switchPointer(name: string, fromVersion: number, to: BuildRef, switchPosition: number): Promise<boolean>;

  readRebuild(name: string): Promise<RebuildRecord | undefined>;
  /**
   * Records a new rebuild: inserted when the projection has none, else replacing a `done` one.
   * False when another rebuild is recorded and not done.
   */
  startRebuild(record: RebuildRecord): Promise<boolean>;
  /** Updates the rebuild of `targetVersion`. */
  updateRebuild(
    name: string,
    targetVersion: number,
    update: Partial<Pick<RebuildRecord, 'state' | 'switchedAt' | 'switchPosition' | 'finishedAt' | 'note'>>,
  ): Promise<void>;

  /** The skip decision recorded for any of `refs` (event id, commit id, `@<position>`). */
  findSkip(name: string, refs: readonly string[]): Promise<SkipRecord | undefined>;
  /** Records a skip decision (an insert); false when that one was already recorded. */
  recordSkip(record: SkipRecord): Promise<boolean>;

  /**
   * Claims the side effects of events for a projection (unique inserts, one command): resolves the ids
   * claimed now; those claimed before (a repeated page, another version) are left out.
   */
  claimSideEffects(name: string, eventIds: readonly string[]): Promise<Set<string>>;

  /** A lease named `key` for `holder`: one holder per build, one rebuild per projection. */
  lease(key: string, holder: string, ttlMs: number): Lease;
}

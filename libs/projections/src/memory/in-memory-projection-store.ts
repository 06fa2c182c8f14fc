import type { Lease } from '@switchyard/mongodb';
import type { ReadModelDocument } from '../definition/projection-definition';
import { ProjectionWriteConflictError } from '../errors/projection-write-conflict.error';
import { buildCollection, buildKey, compareMarks } from '../store/build-ref';
import type { ProjectionStore } from '../store/projection-store';
import type {
  BuildCheckpoint,
  BuildRef,
  CheckpointUpdate,
  ProjectionPointer,
  RebuildRecord,
  ReadModelWrite,
  SkipRecord,
  StoredReadModel,
} from '../store/projection-store.types';
import { copyValue } from './copy-value';
import { InMemoryLease, type InMemoryLeaseTable } from './in-memory-lease';

/** Options of {@link getInMemoryProjectionStore}. */
export interface InMemoryProjectionStoreOptions {
  /** The leases' clock. @default Date.now */
  readonly now?: () => number;
}

/** The in-memory store, with what tests look at. */
export interface InMemoryProjectionStore extends ProjectionStore {
  /** Number of `writeDocuments` calls and documents written so far. */
  readonly stats: { writeCalls: number; documentsWritten: number; loadCalls: number };
}

const clone = copyValue;

/**
 * A {@link ProjectionStore} in memory with the same guards as the MongoDB one (unique inserts, writes
 * guarded by the mark or position they expect): for unit tests and `ProjectionSpec`. Values are copied
 * in and out, so nothing a caller holds changes the store.
 */
export function getInMemoryProjectionStore(
  options: InMemoryProjectionStoreOptions = {},
): InMemoryProjectionStore {
  const collections = new Map<string, Map<string, StoredReadModel>>();
  const checkpoints = new Map<string, BuildCheckpoint>();
  const pointers = new Map<string, ProjectionPointer>();
  const rebuilds = new Map<string, RebuildRecord>();
  const skips = new Map<string, SkipRecord>();
  const claims = new Set<string>();
  const leases: InMemoryLeaseTable = new Map();
  const stats = { writeCalls: 0, documentsWritten: 0, loadCalls: 0 };
  const docsOf = (build: BuildRef) => {
    const name = buildCollection(build);
    let docs = collections.get(name);
    if (!docs) collections.set(name, (docs = new Map()));
    return docs;
  };

  return {
    stats,
    async ensureIndexes() {},
    async loadDocuments(build, ids) {
      stats.loadCalls++;
      const docs = docsOf(build);
      return ids.flatMap((id) => {
        const doc = docs.get(id);
        return doc ? [clone(doc)] : [];
      });
    },
    async writeDocuments(build, writes: readonly ReadModelWrite[]) {
      stats.writeCalls++;
      const docs = docsOf(build);
      let conflict: string | undefined;
      for (const w of writes) {
        const current = docs.get(w.id);
        const ok =
          w.kind === 'insert'
            ? current === undefined
            : current !== undefined && compareMarks(current.applied, w.expected) === 0;
        if (!ok) {
          conflict ??= `document ${w.id}`;
          continue;
        }
        docs.set(w.id, { id: w.id, state: clone(w.state), applied: w.applied });
        stats.documentsWritten++;
      }
      if (conflict) throw new ProjectionWriteConflictError(buildKey(build), conflict);
    },
    async allDocuments(build) {
      return [...docsOf(build).values()]
        .filter((d): d is StoredReadModel & { state: ReadModelDocument } => d.state !== undefined)
        .map((d) => ({ id: d.id, state: clone(d.state) }));
    },
    async dropBuild(build) {
      collections.delete(buildCollection(build));
      checkpoints.delete(buildKey(build));
    },
    async readCheckpoint(build) {
      const cp = checkpoints.get(buildKey(build));
      return cp && clone(cp);
    },
    async createCheckpoint(build) {
      const key = buildKey(build);
      if (!checkpoints.has(key))
        checkpoints.set(key, {
          name: build.name,
          version: build.version,
          position: 0,
          updatedAt: new Date(),
        });
      return clone(checkpoints.get(key)!);
    },
    async updateCheckpoint(build, expectedPosition, update: CheckpointUpdate) {
      const key = buildKey(build);
      const cp = checkpoints.get(key);
      if (!cp || cp.position !== expectedPosition)
        throw new ProjectionWriteConflictError(key, 'the checkpoint');
      const { paused, ...rest } = update;
      const next: BuildCheckpoint = { ...cp, ...clone(rest), updatedAt: new Date() };
      if (paused === null) delete (next as { paused?: unknown }).paused;
      else if (paused !== undefined) (next as { paused?: unknown }).paused = clone(paused);
      checkpoints.set(key, next);
    },
    async readPointer(name) {
      const p = pointers.get(name);
      return p && clone(p);
    },
    async createPointer(build) {
      if (!pointers.has(build.name))
        pointers.set(build.name, {
          name: build.name,
          version: build.version,
          collection: buildCollection(build),
          updatedAt: new Date(),
        });
      return clone(pointers.get(build.name)!);
    },
    async switchPointer(name, fromVersion, to, switchPosition) {
      const p = pointers.get(name);
      if (!p || p.version !== fromVersion) return false;
      pointers.set(name, {
        name,
        version: to.version,
        collection: buildCollection(to),
        updatedAt: new Date(),
        previousVersion: fromVersion,
        switchPosition,
      });
      return true;
    },
    async readRebuild(name) {
      const r = rebuilds.get(name);
      return r && clone(r);
    },
    async startRebuild(record) {
      const current = rebuilds.get(record.name);
      if (current && current.state !== 'done') return false;
      rebuilds.set(record.name, clone(record));
      return true;
    },
    async updateRebuild(name, targetVersion, update) {
      const current = rebuilds.get(name);
      if (current && current.targetVersion === targetVersion)
        rebuilds.set(name, { ...current, ...clone(update) });
    },
    async findSkip(name, refs) {
      for (const ref of refs) {
        const s = skips.get(`${name}:${ref}`);
        if (s) return clone(s);
      }
      return undefined;
    },
    async recordSkip(record) {
      const key = `${record.name}:${record.ref}`;
      if (skips.has(key)) return false;
      skips.set(key, clone(record));
      return true;
    },
    async claimSideEffects(name, eventIds) {
      const claimed = new Set<string>();
      for (const id of eventIds) {
        const key = `${name}:${id}`;
        if (claims.has(key)) continue;
        claims.add(key);
        claimed.add(id);
      }
      return claimed;
    },
    lease(key, holder, ttlMs): Lease {
      return new InMemoryLease(leases, key, holder, ttlMs, options.now ?? Date.now);
    },
  };
}

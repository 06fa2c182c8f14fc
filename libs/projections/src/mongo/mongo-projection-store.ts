import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import { isDuplicateKeyError, MongoLease, type Lease } from '@switchyard/mongodb';
import { ProjectionWriteConflictError } from '../errors/projection-write-conflict.error';
import {
  DEFAULT_INSERTS_PER_COMMAND,
  DEFAULT_LOAD_CHUNK,
  DEFAULT_PROJECTION_COLLECTIONS,
  DEFAULT_REPLACES_PER_COMMAND,
  DEFAULT_WRITE_LANES,
} from '../projections.constants';
import { buildCollection, buildKey } from '../store/build-ref';
import type { ProjectionStore } from '../store/projection-store';
import type {
  BuildCheckpoint,
  BuildRef,
  CheckpointUpdate,
  ProjectionPointer,
  RebuildRecord,
  SkipRecord,
  StoredReadModel,
} from '../store/projection-store.types';
import {
  withoutId,
  type CheckpointRecord,
  type PointerRecord,
  type RebuildRecordDocument,
  type SideEffectClaimRecord,
  type SkipRecordDocument,
} from './projection-records';
import { fromRecord, type ReadModelRecord } from './read-model-document';
import { writeReadModels, type WriteShape } from './write-read-models';

/** Options of {@link getMongoProjectionStore}. */
export interface MongoProjectionStoreOptions {
  /** Names of the bookkeeping collections. @default DEFAULT_PROJECTION_COLLECTIONS */
  readonly collections?: Partial<typeof DEFAULT_PROJECTION_COLLECTIONS>;
  /** @default DEFAULT_INSERTS_PER_COMMAND */
  readonly insertsPerCommand?: number;
  /** Keep it small on FerretDB 1.24. @default DEFAULT_REPLACES_PER_COMMAND */
  readonly replacesPerCommand?: number;
  /** @default DEFAULT_WRITE_LANES */
  readonly writeLanes?: number;
}

const NAMESPACE_NOT_FOUND = 26;

/**
 * The {@link ProjectionStore} on MongoDB or FerretDB. Read models live in `<collection>_v<version>`, one
 * document per id with the projection's fields at the top level; loads are `_id $in` look-ups, writes are
 * inserts and `_id`-guarded replacements, bookkeeping is by `_id` equality. No transactions, no upserts,
 * no `$inc`, no sorts or ranges.
 */
export function getMongoProjectionStore(db: Db, options: MongoProjectionStoreOptions = {}): ProjectionStore {
  return new MongoProjectionStore(db, options);
}

class MongoProjectionStore implements ProjectionStore {
  private readonly names: typeof DEFAULT_PROJECTION_COLLECTIONS;
  private readonly checkpoints: Collection<CheckpointRecord>;
  private readonly pointers: Collection<PointerRecord>;
  private readonly rebuilds: Collection<RebuildRecordDocument>;
  private readonly skips: Collection<SkipRecordDocument>;
  private readonly claims: Collection<SideEffectClaimRecord>;
  private readonly shape: WriteShape;

  constructor(
    private readonly db: Db,
    options: MongoProjectionStoreOptions,
  ) {
    this.names = { ...DEFAULT_PROJECTION_COLLECTIONS, ...options.collections };
    this.checkpoints = db.collection(this.names.checkpoints);
    this.pointers = db.collection(this.names.pointers);
    this.rebuilds = db.collection(this.names.rebuilds);
    this.skips = db.collection(this.names.skips);
    this.claims = db.collection(this.names.sideEffects);
    this.shape = {
      insertsPerCommand: Math.max(1, options.insertsPerCommand ?? DEFAULT_INSERTS_PER_COMMAND),
      replacesPerCommand: Math.max(1, options.replacesPerCommand ?? DEFAULT_REPLACES_PER_COMMAND),
      lanes: Math.max(1, options.writeLanes ?? DEFAULT_WRITE_LANES),
    };
  }

  async ensureIndexes(): Promise<void> {
    await this.lease('_', '_', 1).ensureIndexes();
  }

  private models(build: BuildRef): Collection<ReadModelRecord> {
    return this.db.collection<ReadModelRecord>(buildCollection(build));
  }

  async loadDocuments(build: BuildRef, ids: readonly string[]): Promise<StoredReadModel[]> {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += DEFAULT_LOAD_CHUNK)
      chunks.push(ids.slice(i, i + DEFAULT_LOAD_CHUNK));
    const found = await Promise.all(
      chunks.map((chunk) =>
        this.models(build)
          .find({ _id: { $in: chunk } })
          .toArray(),
      ),
    );
    return found.flat().map(fromRecord);
  }

  async writeDocuments(build: BuildRef, writes: Parameters<ProjectionStore['writeDocuments']>[1]) {
    const conflicts = await writeReadModels(this.models(build), writes, this.shape);
    if (conflicts.length)
      throw new ProjectionWriteConflictError(
        buildKey(build),
        `document(s) ${conflicts.slice(0, 5).join(', ')}`,
      );
  }

  async allDocuments(build: BuildRef) {
    const records = await this.models(build).find({}).toArray();
    return records.flatMap((r) => {
      const d = fromRecord(r);
      return d.state ? [{ id: d.id, state: d.state }] : [];
    });
  }

  async dropBuild(build: BuildRef): Promise<void> {
    await this.models(build)
      .drop()
      .catch((err: { code?: number }) => {
        if (err?.code !== NAMESPACE_NOT_FOUND) throw err;
      });
    await this.checkpoints.deleteOne({ _id: buildKey(build) });
  }

  async readCheckpoint(build: BuildRef): Promise<BuildCheckpoint | undefined> {
    const cp = await this.checkpoints.findOne({ _id: buildKey(build) });
    return cp ? withoutId(cp) : undefined;
  }

  async createCheckpoint(build: BuildRef): Promise<BuildCheckpoint> {
    const record: CheckpointRecord = {
      _id: buildKey(build),
      name: build.name,
      version: build.version,
      position: 0,
      updatedAt: new Date(),
    };
    try {
      await this.checkpoints.insertOne(record);
      return withoutId(record);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return (await this.readCheckpoint(build))!;
    }
  }

  async updateCheckpoint(build: BuildRef, expectedPosition: number, update: CheckpointUpdate): Promise<void> {
    const { paused, ...rest } = update;
    const set: Record<string, unknown> = { ...rest, updatedAt: new Date() };
    if (paused) set.paused = paused;
    const result = await this.checkpoints.updateOne(
      { _id: buildKey(build), position: expectedPosition },
      paused === null ? { $set: set, $unset: { paused: '' } } : { $set: set },
    );
    if (result.matchedCount === 0) throw new ProjectionWriteConflictError(buildKey(build), 'the checkpoint');
  }

  async readPointer(name: string): Promise<ProjectionPointer | undefined> {
    const p = await this.pointers.findOne({ _id: name });
    return p ? withoutId(p) : undefined;
  }

  async createPointer(build: BuildRef): Promise<ProjectionPointer> {
    const record: PointerRecord = {
      _id: build.name,
      name: build.name,
      version: build.version,
      collection: buildCollection(build),
      updatedAt: new Date(),
    };
    try {
      await this.pointers.insertOne(record);
      return withoutId(record);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return (await this.readPointer(build.name))!;
    }
  }

  async switchPointer(name: string, fromVersion: number, to: BuildRef, switchPosition: number) {
    const result = await this.pointers.updateOne(
      { _id: name, version: fromVersion },
      {
        $set: {
          version: to.version,
          collection: buildCollection(to),
          updatedAt: new Date(),
          previousVersion: fromVersion,
          switchPosition,
        },
      },
    );
    return result.matchedCount === 1;
  }

  async readRebuild(name: string): Promise<RebuildRecord | undefined> {
    const r = await this.rebuilds.findOne({ _id: name });
    return r ? withoutId(r) : undefined;
  }

  async startRebuild(record: RebuildRecord): Promise<boolean> {
    const doc: RebuildRecordDocument = { _id: record.name, ...record };
    try {
      await this.rebuilds.insertOne(doc);
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const replaced = await this.rebuilds.replaceOne({ _id: record.name, state: 'done' }, doc);
    return replaced.matchedCount === 1;
  }

  async updateRebuild(
    name: string,
    targetVersion: number,
    update: Parameters<ProjectionStore['updateRebuild']>[2],
  ): Promise<void> {
    await this.rebuilds.updateOne({ _id: name, targetVersion }, { $set: update });
  }

  async findSkip(name: string, refs: readonly string[]): Promise<SkipRecord | undefined> {
    const found = await this.skips.find({ _id: { $in: refs.map((r) => `${name}:${r}`) } }).toArray();
    return found[0] ? withoutId(found[0]) : undefined;
  }

  async recordSkip(record: SkipRecord): Promise<boolean> {
    try {
      await this.skips.insertOne({ _id: `${record.name}:${record.ref}`, ...record });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async claimSideEffects(name: string, eventIds: readonly string[]): Promise<Set<string>> {
    const claimed = new Set(eventIds);
    if (eventIds.length === 0) return claimed;
    const claimedAt = new Date();
    try {
      await this.claims.insertMany(
        eventIds.map((eventId) => ({ _id: `${name}:${eventId}`, name, eventId, claimedAt })),
        { ordered: false },
      );
    } catch (err) {
      if (!(err instanceof MongoBulkWriteError)) throw err;
      const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
      if (errors.length === 0 || !errors.every((e) => isDuplicateKeyError(e))) throw err;
      for (const e of errors) claimed.delete(eventIds[e.index]!);
    }
    return claimed;
  }

  lease(key: string, holder: string, ttlMs: number): Lease {
    return new MongoLease(this.db, { holder, lease: key, collection: this.names.leases, ttlMs });
  }
}

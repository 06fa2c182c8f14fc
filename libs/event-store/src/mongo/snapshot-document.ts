import type { Collection } from 'mongodb';
import type { Snapshot } from '../event-store.types';

/**
 * A stored snapshot; the state is a JSON string for the same reason event data is. Two kinds share the
 * `snapshots` collection and its unique index on `{stream, schemaVersion, revision}`:
 * - chain documents (written now): `_id` = `chainSnapshotId(stream, schemaVersion, generation)`, with
 *   `generation` 1, 2, 3… per stream and schema version, each newer than the one before;
 * - legacy documents (written before the chain): `_id` = `<stream>@<revision>#v<schemaVersion>`, no
 *   `generation`. They are still read (see `legacy-snapshot.ts`), never written.
 */
export interface SnapshotDocument {
  _id: string;
  stream: string;
  revision: number;
  schemaVersion: number;
  /** Place in the stream's chain of snapshots of this schema version; absent on legacy documents. */
  generation?: number;
  state: string;
  takenAt: Date;
}

/**
 * The "head" hint of one stream's chain for one schema version, `_id` = `snapshotHeadId(...)`. It is only
 * a starting point for readers, never trusted: it may lag behind the chain (writers set it after their
 * insert, without an atomic compare), but it never points past it. `generation: 0` means the chain is
 * empty; `legacyId` then names the newest legacy snapshot found for the stream, if any.
 * It has no `revision`, so its key in the `{stream, schemaVersion, revision}` index is unique per stream
 * and schema version, like its `_id`.
 */
export interface SnapshotHeadDocument {
  _id: string;
  stream: string;
  schemaVersion: number;
  generation: number;
  legacyId?: string;
}

/** The snapshots collection, typed once for its snapshot documents and once for its head hints. */
export interface SnapshotCollections {
  readonly snapshots: Collection<SnapshotDocument>;
  readonly heads: Collection<SnapshotHeadDocument>;
}

/** `_id` of the chain document `generation` (1-based). The `#g` suffix keeps it apart from legacy ids. */
export function chainSnapshotId(stream: string, schemaVersion: number, generation: number): string {
  return `${stream}#v${schemaVersion}#g${generation}`;
}

/** `_id` of the head hint of one stream and schema version. */
export function snapshotHeadId(stream: string, schemaVersion: number): string {
  return `${stream}#v${schemaVersion}#head`;
}

/** `_id` legacy snapshot documents were written with (kept for tests of old data). */
export function legacySnapshotId(stream: string, revision: number, schemaVersion: number): string {
  return `${stream}@${revision}#v${schemaVersion}`;
}

/** The chain document `generation` holding a snapshot taken now. */
export function toChainDocument(snapshot: Omit<Snapshot, 'takenAt'>, generation: number): SnapshotDocument {
  return {
    _id: chainSnapshotId(snapshot.stream, snapshot.schemaVersion, generation),
    stream: snapshot.stream,
    revision: snapshot.revision,
    schemaVersion: snapshot.schemaVersion,
    generation,
    state: JSON.stringify(snapshot.state),
    takenAt: new Date(),
  };
}

/** Decodes a stored snapshot, chain or legacy. */
export function toSnapshot<S = unknown>(doc: SnapshotDocument): Snapshot<S> {
  return {
    stream: doc.stream,
    revision: doc.revision,
    schemaVersion: doc.schemaVersion,
    state: JSON.parse(doc.state) as S,
    takenAt: doc.takenAt,
  };
}

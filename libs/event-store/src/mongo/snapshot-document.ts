import type { Snapshot } from '../event-store.types';

/** A stored snapshot; the state is a JSON string for the same reason event data is. */
export interface SnapshotDocument {
  _id: string;
  stream: string;
  revision: number;
  schemaVersion: number;
  state: string;
  takenAt: Date;
}

/** The document of a snapshot taken now; its `_id` makes one snapshot per stream, revision and version. */
export function toSnapshotDocument(snapshot: Omit<Snapshot, 'takenAt'>): SnapshotDocument {
  return {
    _id: `${snapshot.stream}@${snapshot.revision}#v${snapshot.schemaVersion}`,
    stream: snapshot.stream,
    revision: snapshot.revision,
    schemaVersion: snapshot.schemaVersion,
    state: JSON.stringify(snapshot.state),
    takenAt: new Date(),
  };
}

/** Decodes a stored snapshot. */
export function toSnapshot<S = unknown>(doc: SnapshotDocument): Snapshot<S> {
  return {
    stream: doc.stream,
    revision: doc.revision,
    schemaVersion: doc.schemaVersion,
    state: JSON.parse(doc.state) as S,
    takenAt: doc.takenAt,
  };
}

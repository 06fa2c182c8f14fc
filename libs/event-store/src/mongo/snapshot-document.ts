/** A stored snapshot; the state is a JSON string for the same reason event data is. */
export interface SnapshotDocument {
  _id: string;
  stream: string;
  revision: number;
  schemaVersion: number;
  state: string;
  takenAt: Date;
}

import type { Collection } from 'mongodb';
import type { SnapshotDocument } from './snapshot-document';

/** What a scan of a stream's snapshot documents found. */
export interface SnapshotScan {
  /** The snapshot with the highest revision, chain or legacy. */
  readonly latest?: SnapshotDocument;
  /** The highest chain generation seen; 0 when the stream has no chain document. */
  readonly generation: number;
}

/**
 * Looks through every snapshot document of a stream (of one schema version, or of all), with an equality
 * filter and only `_id`, `revision` and `generation` projected, then reads the newest one by `_id`. No
 * sort: FerretDB would fetch and sort in Go anyway. This is the slow path, for a stream without a head
 * hint (legacy snapshots, or a writer that stopped between its insert and the hint): the caller records
 * a hint afterwards, so it runs about once per stream.
 */
export async function scanSnapshots(
  snapshots: Collection<SnapshotDocument>,
  stream: string,
  schemaVersion?: number,
): Promise<SnapshotScan> {
  const filter = schemaVersion === undefined ? { stream } : { stream, schemaVersion };
  const found = await snapshots
    .find(filter, { projection: { _id: 1, revision: 1, generation: 1 } })
    .toArray();
  let newest: Pick<SnapshotDocument, '_id' | 'revision'> | undefined;
  let generation = 0;
  for (const doc of found) {
    // Head hints match the filter too; they carry no revision.
    if (typeof doc.revision !== 'number') continue;
    if (!newest || doc.revision > newest.revision) newest = doc;
    if (typeof doc.generation === 'number' && doc.generation > generation) generation = doc.generation;
  }
  const latest = newest ? await snapshots.findOne({ _id: newest._id }) : null;
  return { latest: latest ?? undefined, generation };
}

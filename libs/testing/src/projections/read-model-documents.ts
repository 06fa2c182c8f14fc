import type { Db } from 'mongodb';
import { readModelCollection, type ReadModelDocument } from '@switchyard/projections';

/**
 * The live version of a projection's read model in MongoDB, by id, without the store's bookkeeping
 * fields (`_position`, `_indexInCommit`) and without tombstones: what `foldProjection` gives.
 */
export async function readModelDocuments(db: Db, name: string): Promise<Record<string, ReadModelDocument>> {
  const records = await (await readModelCollection(db, name)).find({}).toArray();
  return Object.fromEntries(
    records
      .filter((r) => !r._deleted)
      .map(({ _id, _position: _p, _indexInCommit: _i, _deleted: _d, ...doc }) => [_id, doc] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

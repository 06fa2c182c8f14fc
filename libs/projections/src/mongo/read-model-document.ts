import type { ReadModelDocument } from '../definition/projection-definition';
import type { AppliedMark, StoredReadModel } from '../store/projection-store.types';

/**
 * A read-model document in MongoDB: the projection's fields at the top level (so the query side filters
 * on them directly), plus the last event applied and, for a tombstone, `_deleted`.
 */
export type ReadModelRecord = ReadModelDocument & {
  _id: string;
  _position: number;
  _indexInCommit: number;
  _deleted?: true;
};

export function toRecord(
  id: string,
  state: ReadModelDocument | undefined,
  applied: AppliedMark,
): ReadModelRecord {
  const mark = { _position: applied.position, _indexInCommit: applied.index };
  return state === undefined ? { _id: id, _deleted: true, ...mark } : { ...state, _id: id, ...mark };
}

export function fromRecord(record: ReadModelRecord): StoredReadModel {
  const { _id, _position, _indexInCommit, _deleted, ...state } = record;
  return {
    id: _id,
    state: _deleted ? undefined : state,
    applied: { position: _position, index: _indexInCommit },
  };
}

import type { Collection, Db } from 'mongodb';
import { DEFAULT_PROJECTION_COLLECTIONS } from '../projections.constants';
import { UnknownProjectionError } from '../errors/unknown-projection.error';
import type { PointerRecord } from './projection-records';
import type { ReadModelRecord } from './read-model-document';

/**
 * The query side's way in: the collection of the version a projection's pointer names (the live one;
 * a rebuild's switch moves the pointer in one write). Resolve it per query, or cache it briefly: after a
 * switch the old collection is dropped. Documents carry `_position`/`_indexInCommit` (the last event
 * applied) besides the projection's fields.
 * @throws UnknownProjectionError when the projection has no pointer yet (never started)
 */
export async function readModelCollection<T extends object = Record<string, unknown>>(
  db: Db,
  name: string,
  options: { pointersCollection?: string } = {},
): Promise<Collection<ReadModelRecord & T>> {
  const pointer = await db
    .collection<PointerRecord>(options.pointersCollection ?? DEFAULT_PROJECTION_COLLECTIONS.pointers)
    .findOne({ _id: name });
  if (!pointer) throw new UnknownProjectionError(name, []);
  return db.collection<ReadModelRecord & T>(pointer.collection);
}

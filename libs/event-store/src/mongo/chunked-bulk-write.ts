import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

/**
 * Runs update operations as ordered bulk writes of at most `perCommand` operations each, one after the
 * other; resolves how many documents they modified.
 *
 * Why not one command: FerretDB 1.24 holds one PostgreSQL connection per statement of an update command
 * until the command ends (measured: a bulk write of 20 updates grew its pool by 20). Past its pool's size
 * (50) such a command waits for a connection that never comes, and every other request of the server
 * waits behind it: a 500-update bulk write wedged a shared FerretDB for good. MongoDB has no such limit,
 * so there `perCommand` can be large.
 */
export async function chunkedBulkWrite<T extends Document>(
  collection: Collection<T>,
  ops: readonly AnyBulkWriteOperation<T>[],
  perCommand: number,
): Promise<number> {
  let modified = 0;
  for (let i = 0; i < ops.length; i += perCommand) {
    const result = await collection.bulkWrite(ops.slice(i, i + perCommand), { ordered: true });
    modified += result.modifiedCount;
  }
  return modified;
}

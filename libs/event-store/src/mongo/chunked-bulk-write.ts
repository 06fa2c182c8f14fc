import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

/** How `chunkedBulkWrite` splits its operations. */
export interface BulkWriteShape {
  /** Most operations in one command. */
  readonly perCommand: number;
  /** Commands in flight at once, each lane running its share of the operations in order. */
  readonly lanes: number;
}

/**
 * Runs update operations as ordered bulk writes of at most `perCommand` operations each, on `lanes`
 * lanes side by side; an operation's lane comes from its key (the commit's stream), so two operations
 * with the same key run one after the other in the order given. Resolves how many documents they
 * modified.
 *
 * Why not one command: FerretDB 1.24 holds one PostgreSQL connection per statement of an update command
 * until the command ends (measured: a bulk write of 20 updates grew its pool by 20), and runs the
 * statements one by one (about 2 ms each here, so a big command gains nothing). Past its pool's size (50)
 * such a command waits for a connection that never comes, and every other request of the server waits
 * behind it: a 500-update bulk write wedged a shared FerretDB for good. Small commands on a few lanes
 * hold at most `perCommand × lanes` connections and use the database's cores. MongoDB has no such limit,
 * so there `perCommand` can be large.
 */
export async function chunkedBulkWrite<T extends Document>(
  collection: Collection<T>,
  ops: readonly { readonly key: string; readonly op: AnyBulkWriteOperation<T> }[],
  shape: BulkWriteShape,
): Promise<number> {
  const lanes: AnyBulkWriteOperation<T>[][] = Array.from({ length: Math.max(1, shape.lanes) }, () => []);
  for (const { key, op } of ops) lanes[laneOf(key, lanes.length)]!.push(op);
  const modified = await Promise.all(
    lanes.map(async (lane) => {
      let n = 0;
      for (let i = 0; i < lane.length; i += shape.perCommand) {
        const result = await collection.bulkWrite(lane.slice(i, i + shape.perCommand), { ordered: true });
        n += result.modifiedCount;
      }
      return n;
    }),
  );
  return modified.reduce((a, b) => a + b, 0);
}

/** A stable lane for a key (FNV-1a). */
function laneOf(key: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % lanes;
}

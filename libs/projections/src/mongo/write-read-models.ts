import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection } from 'mongodb';
import { isDuplicateKeyError } from '@switchyard/mongodb';
import type { ReadModelWrite } from '../store/projection-store.types';
import { toRecord, type ReadModelRecord } from './read-model-document';

/** How a page's writes are cut into commands. */
export interface WriteShape {
  readonly insertsPerCommand: number;
  readonly replacesPerCommand: number;
  readonly lanes: number;
}

/**
 * Writes a page's documents: new ones with `insertMany` (unordered; the unique `_id` guards them),
 * changed ones as whole replacements guarded by the mark they had, in small bulk writes on a few lanes
 * (FerretDB 1.24 holds a PostgreSQL connection per statement of an update command). Resolves the
 * conflicts: inserts that found the id taken, replacements that found the document moved.
 */
export async function writeReadModels(
  collection: Collection<ReadModelRecord>,
  writes: readonly ReadModelWrite[],
  shape: WriteShape,
): Promise<string[]> {
  const inserts = writes.filter((w) => w.kind === 'insert');
  const replaces = writes.filter((w) => w.kind === 'replace');
  const conflicts: string[] = [];

  const insertChunks: ReadModelWrite[][] = [];
  for (let i = 0; i < inserts.length; i += shape.insertsPerCommand)
    insertChunks.push(inserts.slice(i, i + shape.insertsPerCommand));
  const lanes: ReadModelWrite[][] = Array.from({ length: Math.max(1, shape.lanes) }, () => []);
  replaces.forEach((w, i) => lanes[i % lanes.length]!.push(w));

  await Promise.all([
    ...insertChunks.map(async (chunk) => {
      try {
        await collection.insertMany(
          chunk.map((w) => toRecord(w.id, w.state, w.applied)),
          { ordered: false },
        );
      } catch (err) {
        if (!(err instanceof MongoBulkWriteError)) throw err;
        const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
        if (errors.length === 0 || !errors.every((e) => isDuplicateKeyError(e))) throw err;
        for (const e of errors) conflicts.push(chunk[e.index]?.id ?? '?');
      }
    }),
    ...lanes.map(async (lane) => {
      for (let i = 0; i < lane.length; i += shape.replacesPerCommand) {
        const chunk = lane.slice(i, i + shape.replacesPerCommand);
        const ops: AnyBulkWriteOperation<ReadModelRecord>[] = chunk.map((w) => ({
          replaceOne: {
            filter: {
              _id: w.id,
              _position: w.kind === 'replace' ? w.expected.position : -1,
              _indexInCommit: w.kind === 'replace' ? w.expected.index : -1,
            },
            replacement: toRecord(w.id, w.state, w.applied),
          },
        }));
        const result = await collection.bulkWrite(ops, { ordered: false });
        if (result.matchedCount < chunk.length) {
          // Which ones: a conflict is rare (a deposed holder), so ask once for the marks.
          const stored = await collection
            .find({ _id: { $in: chunk.map((w) => w.id) } })
            .project<Pick<ReadModelRecord, '_id' | '_position' | '_indexInCommit'>>({
              _position: 1,
              _indexInCommit: 1,
            })
            .toArray();
          for (const w of chunk) {
            const s = stored.find((d) => d._id === w.id);
            if (!s || s._position !== w.applied.position || s._indexInCommit !== w.applied.index)
              conflicts.push(w.id);
          }
        }
      }
    }),
  ]);
  return conflicts;
}

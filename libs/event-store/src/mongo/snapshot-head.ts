import type { Collection } from 'mongodb';
import { isDuplicateKeyError as isDuplicateKey } from '@switchyard/mongodb';
import { snapshotHeadId, type SnapshotDocument, type SnapshotHeadDocument } from './snapshot-document';

/** The head hint of a stream's chain, or null when none was written yet. */
export function readHead(
  heads: Collection<SnapshotHeadDocument>,
  stream: string,
  schemaVersion: number,
): Promise<SnapshotHeadDocument | null> {
  return heads.findOne({ _id: snapshotHeadId(stream, schemaVersion) });
}

/**
 * Moves the hint up to `generation`, which must exist in the chain already. `$max` never moves it back
 * on MongoDB; FerretDB applies it as a read-modify-write, so two writers at once may leave it a
 * generation or two behind. Readers tolerate that: they never trust the hint beyond "this generation
 * exists" and look further up the chain themselves. No upsert: update, else insert, else update again.
 */
export async function advanceHead(
  heads: Collection<SnapshotHeadDocument>,
  stream: string,
  schemaVersion: number,
  generation: number,
): Promise<void> {
  const _id = snapshotHeadId(stream, schemaVersion);
  const raise = { $max: { generation } };
  if ((await heads.updateOne({ _id }, raise)).matchedCount > 0) return;
  try {
    await heads.insertOne({ _id, stream, schemaVersion, generation });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await heads.updateOne({ _id }, raise);
  }
}

/**
 * For a stream whose chain is empty, records the newest legacy snapshot found, so later loads read it by
 * `_id` instead of looking through every legacy document again. Insert only: a hint written meanwhile
 * (by a writer that started the chain) is left as it is.
 */
export async function recordLegacyHead(
  heads: Collection<SnapshotHeadDocument>,
  legacy: SnapshotDocument,
): Promise<void> {
  try {
    await heads.insertOne({
      _id: snapshotHeadId(legacy.stream, legacy.schemaVersion),
      stream: legacy.stream,
      schemaVersion: legacy.schemaVersion,
      generation: 0,
      legacyId: legacy._id,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

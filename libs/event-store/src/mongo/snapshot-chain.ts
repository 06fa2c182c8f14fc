import type { Snapshot } from '../event-store.types';
import { SNAPSHOT_SAVE_ATTEMPTS } from '../event-store.constants';
import { SnapshotContentionError } from '../errors/snapshot-contention.error';
import { isDuplicateKeyError as isDuplicateKey } from '@switchyard/mongodb';
import {
  chainSnapshotId,
  toChainDocument,
  type SnapshotCollections,
  type SnapshotDocument,
  type SnapshotHeadDocument,
} from './snapshot-document';
import { advanceHead, readHead, recordLegacyHead } from './snapshot-head';
import { scanSnapshots, type SnapshotScan } from './snapshot-scan';

/** Chain generations probed at once when the head hint is behind the chain. */
const CLIMB_WINDOW = 2;

/**
 * The newest snapshot of a stream for one schema version, found with equality look-ups by `_id` only:
 * the head hint, then (in one round trip) the generation it names and the next one. Only when the next
 * one exists, because the hint is behind, does the reader climb further, CLIMB_WINDOW generations at a
 * time. Without a hint (legacy snapshots only, or none) the stream's snapshots are scanned once and a
 * hint is recorded for the next reader.
 */
export async function findChainHead(
  c: SnapshotCollections,
  stream: string,
  schemaVersion: number,
): Promise<SnapshotScan> {
  const hint = await readHead(c.heads, stream, schemaVersion);
  const followed = hint ? await followHint(c, hint) : undefined;
  if (followed) return followed;
  // No hint, or it names a document that is gone (deleted by hand): look through the stream once.
  const scan = await scanSnapshots(c.snapshots, stream, schemaVersion);
  if (scan.generation > 0) await bestEffort(advanceHead(c.heads, stream, schemaVersion, scan.generation));
  else if (scan.latest) await bestEffort(recordLegacyHead(c.heads, scan.latest));
  return scan;
}

/**
 * Saves a snapshot as the next generation of its stream's chain, insert-only. The chain's invariant:
 * generation g+1 is inserted only by a writer that has read generation g (immutable once written) and
 * holds a newer revision, and the unique `_id` lets exactly one writer have each generation. So the
 * generations are dense and their revisions strictly ascend: the highest generation is the newest
 * snapshot. A writer that loses a generation reads the winner and goes on above it only when its own
 * revision is still newer; an older or equal snapshot is dropped (the latest one is at least as good).
 * @throws SnapshotContentionError after SNAPSHOT_SAVE_ATTEMPTS generations lost to concurrent writers
 */
export async function saveToChain(
  c: SnapshotCollections,
  snapshot: Omit<Snapshot, 'takenAt'>,
): Promise<void> {
  const { stream, schemaVersion, revision } = snapshot;
  const head = await findChainHead(c, stream, schemaVersion);
  let generation = head.generation;
  let newest = head.latest?.revision ?? -1;
  for (let attempt = 1; attempt <= SNAPSHOT_SAVE_ATTEMPTS; attempt++) {
    if (revision <= newest) return;
    const doc = toChainDocument(snapshot, generation + 1);
    try {
      await c.snapshots.insertOne(doc);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const taken = await c.snapshots.findOne({ _id: doc._id });
      // The generation is free, so `{stream, schemaVersion, revision}` was: a legacy document an older
      // process wrote at this very revision. The chain keeps its head; the next snapshot moves it on.
      if (!taken) return;
      generation = doc.generation!;
      newest = taken.revision;
      continue;
    }
    await advanceHead(c.heads, stream, schemaVersion, doc.generation!);
    return;
  }
  throw new SnapshotContentionError(stream, schemaVersion, revision, SNAPSHOT_SAVE_ATTEMPTS);
}

/** The head from a hint, or undefined when a document the hint names is gone. */
async function followHint(
  c: SnapshotCollections,
  hint: SnapshotHeadDocument,
): Promise<SnapshotScan | undefined> {
  const { stream, schemaVersion, generation } = hint;
  const named = generation > 0 ? chainSnapshotId(stream, schemaVersion, generation) : hint.legacyId;
  const [current, next] = await Promise.all([
    named === undefined ? null : c.snapshots.findOne({ _id: named }),
    c.snapshots.findOne({ _id: chainSnapshotId(stream, schemaVersion, generation + 1) }),
  ]);
  if (!next) return current ? { latest: current, generation } : undefined;
  const head = await climb(c, stream, schemaVersion, next);
  await bestEffort(advanceHead(c.heads, stream, schemaVersion, head.generation!));
  return { latest: head, generation: head.generation! };
}

/** From an existing generation, the highest one: probes above it until a probe comes back empty. */
async function climb(
  c: SnapshotCollections,
  stream: string,
  schemaVersion: number,
  from: SnapshotDocument,
): Promise<SnapshotDocument> {
  let head = from;
  for (;;) {
    const base = head.generation! + 1;
    const probes = await Promise.all(
      Array.from({ length: CLIMB_WINDOW }, (_, i) =>
        c.snapshots.findOne({ _id: chainSnapshotId(stream, schemaVersion, base + i) }),
      ),
    );
    // Generations only appear, densely: any one found is newer than those below it.
    const found = probes.filter((d): d is SnapshotDocument => d !== null);
    for (const doc of found) if (doc.generation! > head.generation!) head = doc;
    if (found.length < CLIMB_WINDOW) return head;
  }
}

/**
 * Head hints written by readers are an optimisation: a failed write only means a later reader climbs or
 * scans again, so it must not fail the read that found the snapshot.
 */
async function bestEffort(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch {
    // deliberately ignored: see above
  }
}

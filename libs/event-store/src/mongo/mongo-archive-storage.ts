import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from '@switchyard/mongodb';
import type { ArchiveStorage } from './archive-commits';
import type { MarkerDocument } from './archive-marker';
import type { ArchivedPositions } from './archived-positions';
import type { CommitDocument } from './commit-document';
import { positionBucket } from './position-bucket';
import type { PositionClaimDocument } from './position-claim-document';

/** Ids per `$in` look-up or delete: FerretDB pushes `_id $in` down (patched), in modest statements. */
const IDS_PER_STATEMENT = 100;

/**
 * Archiving's storage on MongoDB or FerretDB: look-ups by `_id` (`$in`, in chunks), markers by the
 * equality `{archived: true, stream}`, one atomic `replaceOne` per marker, deletes and inserts in chunks
 * (never one statement over a whole run: FerretDB 1.24 holds resources per document of a command).
 */
export function mongoArchiveStorage(
  commits: Collection<CommitDocument>,
  claims: Collection<PositionClaimDocument>,
  archived: ArchivedPositions,
): ArchiveStorage {
  return {
    async findCommits(ids) {
      const found = new Map<string, CommitDocument>();
      for (const chunk of chunks(ids)) {
        for (const d of await commits.find({ _id: { $in: [...chunk] } }).toArray()) found.set(d._id, d);
      }
      return found;
    },
    readMarkers: (stream) => archived.read(stream),
    async findClaims(positions) {
      const found = new Map<number, string>();
      for (const chunk of chunks(positions)) {
        for (const c of await claims.find({ _id: { $in: [...chunk] } }).toArray()) found.set(c._id, c.commit);
      }
      return found;
    },
    async insertClaims(list) {
      for (const chunk of chunks(list)) {
        await claims
          .insertMany(
            chunk.map((c) => ({
              _id: c.position,
              commit: c.commitId,
              stream: c.stream,
              bucket: positionBucket(c.position),
            })),
            { ordered: false },
          )
          .catch(ignoreDuplicates);
      }
    },
    async replaceWithMarker(id, stream, marker: MarkerDocument) {
      const r = await commits.replaceOne({ _id: id, stream, archived: { $ne: true } }, marker);
      return r.matchedCount === 1;
    },
    async replaceMarker(id, stream, commit) {
      const r = await commits.replaceOne({ _id: id, stream, archived: true }, commit);
      return r.matchedCount === 1;
    },
    async deleteCommits(stream, ids) {
      for (const chunk of chunks(ids)) await commits.deleteMany({ _id: { $in: [...chunk] }, stream });
    },
    async insertCommits(docs) {
      let inserted = 0;
      for (const chunk of chunks(docs)) {
        try {
          inserted += (await commits.insertMany([...chunk], { ordered: false })).insertedCount;
        } catch (err) {
          inserted += ignoreDuplicates(err);
        }
      }
      return inserted;
    },
    countCommits: (stream, from, to) =>
      commits.countDocuments({ stream, revision: { $gte: from, $lte: to }, archived: { $ne: true } }),
    markersChanged: (stream) => archived.forget(stream),
  };
}

/** A bulk insert whose only failures are duplicate keys (already there): resolves how many went in. */
function ignoreDuplicates(err: unknown): number {
  if (!isDuplicateKeyError(err)) throw err;
  const e = err as { insertedCount?: unknown; writeErrors?: unknown };
  const errors = Array.isArray(e.writeErrors) ? (e.writeErrors as { code?: unknown }[]) : [];
  if (errors.some((w) => w.code !== 11000)) throw err;
  return typeof e.insertedCount === 'number' ? e.insertedCount : 0;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_STATEMENT) out.push(items.slice(i, i + IDS_PER_STATEMENT));
  return out;
}

import type {
  ArchiveMarker,
  ArchiveRun,
  RestoreCommitsResult,
  StoredCommitRecord,
} from '../archive/archive.types';
import { ArchiveConflictError } from '../errors/archive-conflict.error';
import {
  isArchiveMarker,
  markerCoversPosition,
  toArchiveMarker,
  toMarkerDocument,
  toRestoredDocument,
  type MarkerDocument,
} from './archive-marker';
import { isSequenced, type CommitDocument } from './commit-document';

/**
 * What archiving and restoring need of the storage; the MongoDB store and the in-memory one implement it,
 * so both follow the same rules (below).
 */
export interface ArchiveStorage {
  /** The commit documents (markers included) with these ids that exist. */
  findCommits(ids: readonly string[]): Promise<Map<string, CommitDocument>>;
  /** The stream's archive markers as stored now, ascending revisions. */
  readMarkers(stream: string): Promise<ArchiveMarker[]>;
  /** The claims (position → commit id) of these positions that exist. */
  findClaims(positions: readonly number[]): Promise<Map<number, string>>;
  /** Adds claims for commits sequenced before claims existed; a duplicate key is left to the caller. */
  insertClaims(claims: readonly { position: number; commitId: string; stream: string }[]): Promise<void>;
  /** Replaces the commit `id` (not a marker) by the marker; false when it is gone or is a marker. */
  replaceWithMarker(id: string, stream: string, marker: MarkerDocument): Promise<boolean>;
  /** Replaces the marker `id` by the commit; false when there is no such marker. */
  replaceMarker(id: string, stream: string, commit: CommitDocument): Promise<boolean>;
  deleteCommits(stream: string, ids: readonly string[]): Promise<void>;
  /** Inserts commits, leaving alone those already stored (a concurrent restore); resolves how many went in. */
  insertCommits(docs: readonly CommitDocument[]): Promise<number>;
  /** How many commits (not markers) of the stream start at a revision in `[from, to]`. */
  countCommits(stream: string, from: number, to: number): Promise<number>;
  /** Called after a stream's markers changed (caches). */
  markersChanged(stream: string): void;
}

/**
 * Archives one run: checks every commit is there as the run says (sequenced, dispatched, not parked, not
 * archived, contiguous) and overlaps no other archived run, gives a claim to any commit sequenced before
 * claims existed (so its position still reads as archived, not as the end), then replaces the run's first
 * commit by the marker (one atomic replace: a read that reaches the run from now on is told), and only
 * then deletes the others. Interrupted after the replace, `restore` of the same file repairs it.
 * @throws ArchiveConflictError when anything differs; nothing is changed then
 */
export async function archiveRun(storage: ArchiveStorage, run: ArchiveRun): Promise<ArchiveMarker> {
  const { stream } = run;
  const conflict = (reason: string) => new ArchiveConflictError(stream, reason);
  const first = run.commits[0];
  if (!first) throw conflict('an archive run needs at least one commit');
  const last = run.commits[run.commits.length - 1]!;
  run.commits.forEach((c, i) => {
    const before = run.commits[i - 1];
    if (before && (c.revision !== before.lastRevision + 1 || c.position <= before.position))
      throw conflict(`the run is not contiguous at revision ${c.revision}`);
  });
  const overlap = (await storage.readMarkers(stream)).find(
    (m) => m.fromRevision <= last.lastRevision && m.toRevision >= first.revision,
  );
  if (overlap) {
    throw conflict(
      `revisions ${first.revision}..${last.lastRevision} overlap the run ${overlap.fromRevision}..` +
        `${overlap.toRevision} archived in ${overlap.file}`,
    );
  }
  const docs = await storage.findCommits(run.commits.map((c) => c.commitId));
  for (const c of run.commits) {
    const d = docs.get(c.commitId);
    const why = !d
      ? 'is not in the store'
      : d.stream !== stream || d.revision !== c.revision || d.lastRevision !== c.lastRevision
        ? 'is not at the revisions given'
        : !isSequenced(d) || d.position !== c.position
          ? 'is not at the position given'
          : !d.dispatched || d.parked
            ? 'is not published yet (undispatched or parked)'
            : d.events.length !== c.events
              ? 'does not hold the events given'
              : undefined;
    if (why) throw conflict(`commit ${c.commitId} (revision ${c.revision}) ${why}`);
  }
  const claims = await storage.findClaims(run.commits.map((c) => c.position));
  const foreign = run.commits.find((c) => claims.has(c.position) && claims.get(c.position) !== c.commitId);
  if (foreign) throw conflict(`position ${foreign.position} is claimed by another commit`);
  const unclaimed = run.commits.filter((c) => !claims.has(c.position));
  if (unclaimed.length > 0) await storage.insertClaims(unclaimed.map((c) => ({ ...c, stream })));

  const marker = toMarkerDocument(docs.get(first.commitId)!, run, new Date());
  if (!(await storage.replaceWithMarker(first.commitId, stream, marker)))
    throw conflict(`commit ${first.commitId} changed while it was being archived`);
  storage.markersChanged(stream);
  await storage.deleteCommits(
    stream,
    run.commits.slice(1).map((c) => c.commitId),
  );
  return toArchiveMarker(marker);
}

/**
 * Puts archived commits back: a commit already stored is left alone; a missing one must lie inside an
 * archive marker's run of its stream (not its first commit, whose place the marker holds: that one goes
 * back with {@link removeMarker}). With `dryRun`, only checks and counts.
 * @throws ArchiveConflictError when a commit is neither stored nor archived, or its id is stored elsewhere
 */
export async function restoreRun(
  storage: ArchiveStorage,
  commits: readonly StoredCommitRecord[],
  dryRun: boolean,
): Promise<RestoreCommitsResult> {
  const stored = await storage.findCommits(commits.map((c) => c.commitId));
  const markersOf = new Map<string, Promise<ArchiveMarker[]>>();
  const markers = (stream: string) => {
    let m = markersOf.get(stream);
    if (!m) markersOf.set(stream, (m = storage.readMarkers(stream)));
    return m;
  };
  const missing: StoredCommitRecord[] = [];
  const found = new Map<string, ArchiveMarker>();
  let present = 0;
  for (const c of commits) {
    const d = stored.get(c.commitId);
    if (d) {
      if (d.stream !== c.stream || d.revision !== c.revision)
        throw new ArchiveConflictError(
          c.stream,
          `commit id ${c.commitId} is stored at ${d.stream}@${d.revision}`,
        );
      if (isArchiveMarker(d)) found.set(d._id, toArchiveMarker(d));
      else present++;
      continue;
    }
    const under = (await markers(c.stream)).find(
      (m) =>
        c.revision > m.fromRevision && c.lastRevision <= m.toRevision && markerCoversPosition(m, c.position),
    );
    if (!under) {
      throw new ArchiveConflictError(
        c.stream,
        `commit ${c.commitId} (revision ${c.revision}, position ${c.position}) is neither in the store nor ` +
          'under an archive marker',
      );
    }
    found.set(under.commitId, under);
    missing.push(c);
  }
  const inserted = dryRun ? missing.length : await storage.insertCommits(missing.map(toRestoredDocument));
  return { inserted, present, markers: [...found.values()] };
}

/**
 * Replaces a marker by its run's first commit, once every other commit of the run is back. False when
 * there is no marker in its place (restored already).
 * @throws ArchiveConflictError when commits of the run are still missing, or `first` does not start it
 */
export async function removeMarker(storage: ArchiveStorage, first: StoredCommitRecord): Promise<boolean> {
  const d = (await storage.findCommits([first.commitId])).get(first.commitId);
  if (!d || !isArchiveMarker(d)) return false;
  const marker = toArchiveMarker(d);
  if (d.stream !== first.stream || d.revision !== first.revision || marker.fromPosition !== first.position)
    throw new ArchiveConflictError(first.stream, `commit ${first.commitId} does not start the archived run`);
  const back =
    marker.toRevision > first.lastRevision
      ? await storage.countCommits(first.stream, first.lastRevision + 1, marker.toRevision)
      : 0;
  if (back !== marker.commits - 1) {
    throw new ArchiveConflictError(
      first.stream,
      `${marker.commits - 1 - back} commit(s) of the run archived in ${marker.file} are not back yet`,
    );
  }
  const replaced = await storage.replaceMarker(first.commitId, first.stream, toRestoredDocument(first));
  storage.markersChanged(first.stream);
  return replaced;
}

import type { ArchiveMarker, ArchiveRun, StoredCommitRecord } from '../archive/archive.types';
import { positionBucket } from './position-bucket';
import { revisionBucket } from './revision-bucket';
import type { CommitDocument } from './commit-document';

/** An archive marker document: `archived: true` with its run. */
export type MarkerDocument = CommitDocument & {
  archived: true;
  archive: NonNullable<CommitDocument['archive']>;
};

export function isArchiveMarker(doc: CommitDocument): doc is MarkerDocument {
  return doc.archived === true && doc.archive !== undefined;
}

export function toArchiveMarker(doc: MarkerDocument): ArchiveMarker {
  const a = doc.archive;
  return {
    stream: doc.stream,
    commitId: doc._id,
    fromRevision: doc.revision,
    toRevision: doc.lastRevision,
    fromPosition: a.fromPosition,
    toPosition: a.toPosition,
    commits: a.commits,
    events: a.events,
    file: a.file,
    sha256: a.sha256,
    archivedAt: a.archivedAt,
  };
}

/**
 * The marker that replaces a run's first commit `first`. It keeps what the stream's reads and appends
 * look up by (`_id`, `stream`, `revision`, `lastRevision`, `revisionBucket`), is dispatched and has no
 * position, so the sequencer, the outbox and read-all pages never see it.
 */
export function toMarkerDocument(first: CommitDocument, run: ArchiveRun, archivedAt: Date): MarkerDocument {
  const last = run.commits[run.commits.length - 1]!;
  return {
    _id: first._id,
    stream: first.stream,
    revision: first.revision,
    lastRevision: last.lastRevision,
    revisionBucket: revisionBucket(first.revision),
    events: [],
    committedAt: first.committedAt,
    dispatched: true,
    sequenced: true,
    archived: true,
    archive: {
      fromPosition: run.commits[0]!.position,
      toPosition: last.position,
      commits: run.commits.length,
      events: run.commits.reduce((n, c) => n + c.events, 0),
      file: run.file,
      sha256: run.sha256,
      archivedAt,
    },
  };
}

/** Whether the marker's run holds the commit at `position` of its stream (positions ascend with revisions). */
export function markerCoversPosition(marker: ArchiveMarker, position: number): boolean {
  return position >= marker.fromPosition && position <= marker.toPosition;
}

/** The commit document a restored record goes back as: what append and the sequencer wrote. */
export function toRestoredDocument(c: StoredCommitRecord): CommitDocument {
  return {
    _id: c.commitId,
    stream: c.stream,
    revision: c.revision,
    lastRevision: c.lastRevision,
    revisionBucket: revisionBucket(c.revision),
    events: c.events.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      metadata: e.metadata,
      revision: e.revision,
    })),
    committedAt: c.committedAt,
    dispatched: c.dispatched,
    sequenced: true,
    position: c.position,
    bucket: positionBucket(c.position),
  };
}

import type { EventRegistry } from '@switchyard/contracts';
import type {
  AppendResult,
  CommitParking,
  EventEnvelope,
  EventMetadata,
  StoredCommit,
} from '../event-store.types';
import type { StoredCommitRecord } from '../archive/archive.types';
import { StoredEventCorruptError } from '../errors/stored-event-corrupt.error';

/**
 * One event inside a commit document. Data and metadata are JSON strings, not BSON sub-documents, so any
 * JSON (keys with `.` or `$`, big numbers as strings, unicode) survives FerretDB and MongoDB unchanged.
 */
export interface EventDocument {
  eventId: string;
  type: string;
  schemaVersion: number;
  revision: number;
  data: string;
  metadata: string;
}

/** One append: the unit of atomicity. `_id` is the first event's id, which makes retries idempotent. */
export interface CommitDocument {
  _id: string;
  stream: string;
  revision: number;
  lastRevision: number;
  /**
   * The global position, set by the sequencer after the append (absent while `sequenced` is false).
   * Commits written before sequencing existed carry one from their append and no `sequenced` field.
   */
  position?: number;
  /** `floor(position / POSITION_BUCKET_SIZE)`: read-all pages look commits up by bucket, by equality. */
  bucket?: number;
  /**
   * `false` from the append until the sequencer stamps the position (then `true`); absent on commits
   * written before sequencing existed, which count as sequenced. An equality field: the sequencer finds
   * its work with `{sequenced: false}`.
   */
  sequenced?: boolean;
  /**
   * `floor(revision / REVISION_BUCKET_SIZE)` of the first revision: the tail after a snapshot is fetched
   * by bucket, by equality. Absent on commits written before it existed; reads fall back for those.
   */
  revisionBucket?: number;
  events: EventDocument[];
  committedAt: Date;
  dispatched: boolean;
  /**
   * True while the outbox has parked the commit; an equality field, so finding the parked commits never
   * scans (FerretDB pushes only equality filters down). Absent on commits never parked.
   */
  parked?: boolean;
  /** Why it was parked; present only while `parked` is true. */
  park?: ParkDocument;
  /**
   * True on an archive marker: the document that took the place of an archived run's first commit (same
   * `_id`, `revision`), spanning the run up to `lastRevision`, with no events, no position and no bucket.
   * An equality field, like `parked`. Absent on commits.
   */
  archived?: boolean;
  /** The archived run; present only on a marker. */
  archive?: ArchiveDocument;
}

/** `CommitDocument.archive`: what a marker stands for and where its events went. */
export interface ArchiveDocument {
  fromPosition: number;
  toPosition: number;
  commits: number;
  events: number;
  file: string;
  sha256: string;
  archivedAt: Date;
}

/** `CommitDocument.park`: the outbox's reason, stored as it was given. */
export interface ParkDocument {
  reason: string;
  replyCode?: number;
  replyText?: string;
  attempts: number;
  parkedAt: Date;
}

/** The reason a parked commit document carries, or undefined when it is not parked. */
export function toParking(doc: Pick<CommitDocument, 'parked' | 'park'>): CommitParking | undefined {
  if (!doc.parked || !doc.park) return undefined;
  const { reason, replyCode, replyText, attempts, parkedAt } = doc.park;
  return {
    reason,
    ...(replyCode === undefined ? {} : { replyCode }),
    ...(replyText === undefined ? {} : { replyText }),
    attempts,
    parkedAt,
  };
}

/** A commit that has its global position. */
export type SequencedCommitDocument = CommitDocument & { position: number; bucket: number };

/** Whether the commit has its global position (stamped by the sequencer, or written before it existed). */
export function isSequenced(doc: CommitDocument): doc is SequencedCommitDocument {
  return doc.sequenced !== false && typeof doc.position === 'number' && doc.archived !== true;
}

/** Decodes a sequenced commit document and upcasts its events to their current schema versions. */
export function toStoredCommit(doc: SequencedCommitDocument, registry: EventRegistry): StoredCommit {
  return {
    commitId: doc._id,
    stream: doc.stream,
    revision: doc.revision,
    lastRevision: doc.lastRevision,
    position: doc.position,
    committedAt: doc.committedAt,
    dispatched: doc.dispatched,
    ...withParking(doc),
    events: doc.events.map((e, i) => ({ ...toEnvelope(doc, e, i, registry), position: doc.position })),
  };
}

/** A sequenced commit document as stored, for export and archiving: no decoding, no upcasting. */
export function toStoredRecord(doc: SequencedCommitDocument): StoredCommitRecord {
  return {
    commitId: doc._id,
    stream: doc.stream,
    revision: doc.revision,
    lastRevision: doc.lastRevision,
    position: doc.position,
    committedAt: doc.committedAt,
    dispatched: doc.dispatched,
    parked: doc.parked === true,
    events: doc.events.map((e, i) => ({
      position: doc.position,
      indexInCommit: i,
      stream: doc.stream,
      revision: e.revision,
      type: e.type,
      schemaVersion: e.schemaVersion,
      eventId: e.eventId,
      committedAt: doc.committedAt,
      metadata: e.metadata,
      data: e.data,
    })),
  };
}

/** A commit's events as stream reads return them: `position` is absent until the commit is sequenced. */
export function toEnvelopes(doc: CommitDocument, registry: EventRegistry): EventEnvelope[] {
  return doc.events.map((e, i) => toEnvelope(doc, e, i, registry));
}

function withParking(doc: CommitDocument): { parked?: CommitParking } {
  const parked = toParking(doc);
  return parked ? { parked } : {};
}

/** What `append` returns for a stored commit, whether it was just written or found stored by a retry. */
export function toAppendResult(doc: CommitDocument): AppendResult {
  return {
    commitId: doc._id,
    stream: doc.stream,
    firstRevision: doc.revision,
    lastRevision: doc.lastRevision,
    eventIds: doc.events.map((e) => e.eventId),
    committedAt: doc.committedAt,
  };
}

function toEnvelope(
  doc: CommitDocument,
  e: EventDocument,
  index: number,
  registry: EventRegistry,
): EventEnvelope {
  let data: Record<string, unknown>;
  let metadata: EventMetadata;
  try {
    data = JSON.parse(e.data) as Record<string, unknown>;
    metadata = JSON.parse(e.metadata) as EventMetadata;
  } catch (err) {
    throw new StoredEventCorruptError(doc._id, e.eventId, err);
  }
  const upcast = registry.upcast(e.type, e.schemaVersion, data);
  return {
    eventId: e.eventId,
    type: e.type,
    schemaVersion: upcast.version,
    data: upcast.data,
    metadata,
    stream: doc.stream,
    revision: e.revision,
    committedAt: doc.committedAt,
    ...(isSequenced(doc) ? { position: doc.position } : {}),
    indexInCommit: index,
  };
}

import { resolve } from 'node:path';
import type { EventStore } from '../event-store';
import { DEFAULT_EXPORT_PAGE_SIZE } from '../event-store.constants';
import { ArchiveFileError } from '../errors/archive-file.error';
import { encodeExportLine } from '../export/export-line';
import { recordPages } from '../export/record-pages';
import { ArchiveFileWriter, readExportFile, type ExportFileSummary } from './archive-file';
import type { ArchiveMarker, ArchiveRun, StoredCommitRecord } from './archive.types';
import { streamPattern } from './stream-pattern';

/** Snapshot look-ups in flight at once while scanning. */
const SNAPSHOT_LOOKUPS = 16;

/** Options of {@link archiveEvents}. */
export interface ArchiveEventsOptions {
  /**
   * The cut-off: commits at positions before `position`, or committed (`committedAt`) before `time`.
   * A time cut-off reads the whole store (positions follow the sequencer, not the writers' clocks).
   */
  readonly before: { readonly position: number } | { readonly time: Date };
  /** Only streams whose name matches (`*` any characters, `?` one; see `streamPattern`). @default all */
  readonly streams?: string;
  /** The archive file to write; it must not exist. Markers record its absolute path. */
  readonly file: string;
  /**
   * Only snapshots of this schema version count (pass your repository's `SnapshotPolicy.schemaVersion`:
   * its loads ignore snapshots of other versions). @default the stream's latest snapshot of any version
   */
  readonly snapshotSchemaVersion?: number;
  /** Scan and count only: no file, nothing removed. */
  readonly dryRun?: boolean;
  /** Commits per read. @default DEFAULT_EXPORT_PAGE_SIZE */
  readonly pageSize?: number;
  readonly onProgress?: (progress: ArchiveProgress) => void;
}

export interface ArchiveProgress {
  /** Commits read so far, and the position reached. */
  readonly scanned: number;
  readonly position: number;
  /** Commits and events chosen so far. */
  readonly commits: number;
  readonly events: number;
}

/** What an archive did. */
export interface ArchiveResult {
  /** The file written (absolute); absent when nothing was archived or on a dry run. */
  readonly file?: string;
  readonly sha256?: string;
  readonly streams: number;
  readonly commits: number;
  readonly events: number;
  /** Commits read to choose them. */
  readonly scanned: number;
  /** One marker per stream archived (none on a dry run). */
  readonly markers: readonly ArchiveMarker[];
  readonly dryRun: boolean;
}

interface StreamState {
  /** The latest snapshot's revision: events up to it may go. */
  readonly snapshot: number;
  closed: boolean;
  next?: number;
  commits: ArchiveRun['commits'][number][];
}

/**
 * Archives old history that snapshots make unnecessary for loading aggregates:
 *
 * 1. **Choose.** Reads the store with `readAllRecords` (stepping over history archived before) up to the
 *    cut-off. For each stream (matching `streams`) with a snapshot, it takes the commits from its first
 *    stored one on, in revision order, while each is before the cut-off, ends at or before the snapshot's
 *    revision, is published (dispatched, not parked), and follows the one before: a prefix of what the
 *    stream still holds, so what stays is contiguous.
 * 2. **Write** them to `file` (NDJSON, the export format, in global order), fsync, and **verify**: read the
 *    file back and compare its line and commit counts, its SHA-256 and the event ids with what was written.
 * 3. **Remove**, stream by stream (`EventStore.archiveCommits`): a marker takes the place of the first
 *    commit (with the file's path and hash), then the others are deleted.
 *
 * Aggregates keep loading from their snapshots; reads that reach the archived part throw
 * `HistoryArchivedError`; `restoreArchive(store, file)` puts it back.
 * @throws ArchiveFileError when the file exists, cannot be written, or fails the verification (nothing
 *   is removed then)
 * @throws ArchiveConflictError when a stream changed under the archive (earlier streams stay archived:
 *   restore the file, or archive again)
 */
export async function archiveEvents(
  store: EventStore,
  options: ArchiveEventsOptions,
): Promise<ArchiveResult> {
  const matches = options.streams === undefined ? () => true : streamPattern(options.streams);
  const before = options.before;
  const to = 'position' in before ? before.position - 1 : Infinity;
  const cutOff = 'time' in before ? before.time.getTime() : Infinity;
  const file = resolve(options.file);
  const writer = options.dryRun ? undefined : await ArchiveFileWriter.create(file);
  const streams = new Map<string, StreamState | undefined>();
  let scanned = 0;
  let commits = 0;
  let events = 0;
  let summary: ExportFileSummary | undefined;
  try {
    const pages = recordPages(store, {
      from: 1,
      to,
      pageSize: options.pageSize ?? DEFAULT_EXPORT_PAGE_SIZE,
      archived: 'skip',
    });
    for await (const page of pages) {
      await learnSnapshots(store, streams, page.commits, matches, options.snapshotSchemaVersion);
      for (const c of page.commits) {
        scanned++;
        const s = streams.get(c.stream);
        if (!s || !takes(s, c, cutOff)) continue;
        s.commits.push({
          commitId: c.commitId,
          revision: c.revision,
          lastRevision: c.lastRevision,
          position: c.position,
          events: c.events.length,
        });
        s.next = c.lastRevision + 1;
        commits++;
        events += c.events.length;
        await writer?.write(c.events.map((e) => encodeExportLine(e, c.commitId) + '\n').join(''), c);
      }
      const position = page.commits.at(-1)?.position ?? page.nextPosition - 1;
      options.onProgress?.({ scanned, position, commits, events });
    }
    if (writer) {
      if (commits === 0) await writer.discard();
      else summary = await verify(file, await writer.close());
    }
  } catch (err) {
    await writer?.discard();
    throw err;
  }
  const runs = [...streams]
    .flatMap(([stream, s]) => (s && s.commits.length > 0 ? [{ stream, commits: s.commits }] : []))
    .sort((a, b) => a.commits[0]!.position - b.commits[0]!.position);
  const markers: ArchiveMarker[] = [];
  if (summary) {
    for (const run of runs)
      markers.push(await store.archiveCommits({ ...run, file, sha256: summary.sha256 }));
  }
  return {
    ...(summary ? { file, sha256: summary.sha256 } : {}),
    streams: runs.length,
    commits,
    events,
    scanned,
    markers,
    dryRun: options.dryRun === true,
  };
}

/** Whether the stream's next commit goes to the archive; the first that does not closes the stream. */
function takes(s: StreamState, c: StoredCommitRecord, cutOff: number): boolean {
  if (s.closed) return false;
  const ok =
    (s.next === undefined || c.revision === s.next) &&
    c.lastRevision <= s.snapshot &&
    c.committedAt.getTime() < cutOff &&
    c.dispatched &&
    !c.parked;
  if (!ok) s.closed = true;
  return ok;
}

/** Reads the latest snapshot of each stream seen for the first time (matching streams only). */
async function learnSnapshots(
  store: EventStore,
  streams: Map<string, StreamState | undefined>,
  page: readonly StoredCommitRecord[],
  matches: (stream: string) => boolean,
  schemaVersion: number | undefined,
): Promise<void> {
  const fresh = [...new Set(page.map((c) => c.stream))].filter((s) => !streams.has(s));
  for (const s of fresh) streams.set(s, undefined);
  const wanted = fresh.filter(matches);
  for (let i = 0; i < wanted.length; i += SNAPSHOT_LOOKUPS) {
    await Promise.all(
      wanted.slice(i, i + SNAPSHOT_LOOKUPS).map(async (stream) => {
        const snapshot = await store.readLatestSnapshot(
          stream,
          schemaVersion === undefined ? {} : { schemaVersion },
        );
        if (snapshot) streams.set(stream, { snapshot: snapshot.revision, closed: false, commits: [] });
      }),
    );
  }
}

/** Reads the file back and compares it with what was written. */
async function verify(file: string, written: ExportFileSummary): Promise<ExportFileSummary> {
  const read = await readExportFile(file, () => undefined);
  const differs = (['lines', 'commits', 'sha256', 'eventIdsSha256'] as const).filter(
    (k) => read[k] !== written[k],
  );
  if (differs.length > 0) {
    throw new ArchiveFileError(
      file,
      `verification failed: ${differs.map((k) => `${k} ${String(written[k])} written, ${String(read[k])} read`).join('; ')}; nothing was removed`,
    );
  }
  return written;
}

import { resolve } from 'node:path';
import type { EventStore } from '../event-store';
import { ArchiveFileError } from '../errors/archive-file.error';
import { readExportFile } from './archive-file';
import type { ArchiveMarker, StoredCommitRecord } from './archive.types';

/** Commits per `restoreCommits` call. */
const RESTORE_BATCH = 500;

/** What a restore did. */
export interface RestoreResult {
  readonly file: string;
  readonly sha256: string;
  /** Commits and events in the file. */
  readonly commits: number;
  readonly events: number;
  /** Commits put back (markers replaced included). */
  readonly restored: number;
  /** Commits of the file that were in the store already, left alone. */
  readonly present: number;
  /** Archive markers replaced by their first commits. */
  readonly markersRemoved: number;
}

export interface RestoreOptions {
  /** Called after each batch put back. */
  readonly onProgress?: (progress: { readonly commits: number; readonly restored: number }) => void;
}

/**
 * Puts the commits of an archive file back into the store, byte for byte, and removes their markers:
 *
 * 1. **Check** (no write): reads the whole file (every line decoded, commits whole, positions ascending),
 *    and asks the store about each commit (`restoreCommits` with `dryRun`): stored already, or under a
 *    marker of its stream. The file's SHA-256 must be the one every marker involved recorded.
 * 2. **Insert** the missing commits (the file is read again and must hash the same).
 * 3. **Replace** each marker by its run's first commit, once the rest of the run is back.
 *
 * Idempotent: a second restore of the same file finds every commit stored and changes nothing. An
 * interrupted one is finished by running it again.
 * @throws ArchiveFileError when the file is missing, has a bad line, or is not the archived file
 * @throws ArchiveConflictError when a commit is neither stored nor archived (nothing is written then)
 */
export async function restoreArchive(
  store: EventStore,
  file: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const path = resolve(file);
  // 1. Check everything before writing anything.
  const markers = new Map<string, ArchiveMarker>();
  const firsts = new Map<string, StoredCommitRecord>();
  let events = 0;
  const checked = await inBatches(path, async (batch) => {
    const r = await store.restoreCommits(batch, { dryRun: true });
    for (const m of r.markers) markers.set(m.commitId, m);
    for (const c of batch) {
      events += c.events.length;
      if (markers.has(c.commitId)) firsts.set(c.commitId, c);
    }
  });
  for (const m of markers.values()) {
    if (m.sha256 !== checked.sha256) {
      throw new ArchiveFileError(
        path,
        `is not the file "${m.stream}" was archived to (${m.file}): its SHA-256 differs`,
      );
    }
    if (!firsts.has(m.commitId))
      throw new ArchiveFileError(
        path,
        `lacks commit ${m.commitId}, the start of "${m.stream}"'s archived run`,
      );
  }
  // 2. Put the missing commits back.
  let restored = 0;
  let present = 0;
  let done = 0;
  const inserted = await inBatches(path, async (batch) => {
    const r = await store.restoreCommits(batch);
    restored += r.inserted;
    present += r.present;
    done += batch.length;
    options.onProgress?.({ commits: done, restored });
  });
  if (inserted.sha256 !== checked.sha256)
    throw new ArchiveFileError(path, 'changed while it was being restored');
  // 3. Then each run's first commit in place of its marker.
  let markersRemoved = 0;
  for (const first of firsts.values()) if (await store.removeArchiveMarker(first)) markersRemoved++;
  return {
    file: path,
    sha256: checked.sha256,
    commits: checked.commits,
    events,
    restored: restored + markersRemoved,
    present,
    markersRemoved,
  };
}

async function inBatches(file: string, handle: (batch: StoredCommitRecord[]) => Promise<void>) {
  let batch: StoredCommitRecord[] = [];
  const summary = await readExportFile(file, async (c) => {
    batch.push(c);
    if (batch.length >= RESTORE_BATCH) {
      const full = batch;
      batch = [];
      await handle(full);
    }
  });
  if (batch.length > 0) await handle(batch);
  return summary;
}

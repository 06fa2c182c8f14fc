import type { ArchivedHistoryMode } from '../archive/archive.types';
import type { EventStore } from '../event-store';
import { DEFAULT_EXPORT_PAGE_SIZE } from '../event-store.constants';
import { encodeExportLine } from './export-line';
import { recordPages } from './record-pages';

/** Options of {@link exportEvents}. */
export interface ExportEventsOptions {
  /** First commit position to export (inclusive). @default 1 */
  readonly from?: number;
  /** Last commit position to export (inclusive); without it, up to the end of the store as it is read. */
  readonly to?: number;
  /** Only events of these types (a commit with none of them writes nothing); all when absent or empty. */
  readonly types?: readonly string[];
  /** At an archived position: `'throw'` `HistoryArchivedError`, or `'skip'` it. @default 'throw' */
  readonly archived?: ArchivedHistoryMode;
  /** Commits per read. @default DEFAULT_EXPORT_PAGE_SIZE */
  readonly pageSize?: number;
  /** Called after each page is written. */
  readonly onProgress?: (progress: ExportProgress) => void;
  /** Stops after the page being written: the export ends on a commit boundary. */
  readonly signal?: AbortSignal;
}

/** Where an export is. */
export interface ExportProgress {
  readonly events: number;
  readonly commits: number;
  /** The next commit position to export: the `from` to resume with. */
  readonly nextPosition: number;
  readonly elapsedMs: number;
}

/** What an export wrote. */
export interface ExportResult extends ExportProgress {
  /** Position of the last commit written, when any was. */
  readonly lastPosition?: number;
  /** Archived positions stepped over (with `archived: 'skip'`). */
  readonly archivedSkipped: number;
  /** True when `signal` stopped it before the end. */
  readonly stopped: boolean;
}

/**
 * Writes sequenced events as NDJSON ({@link encodeExportLine}: the stored envelope, data as stored), in
 * global order (commit position, then index in commit), read with `readAllRecords` pages (equality
 * look-ups by position bucket; the next page is read while this one is written).
 *
 * **Resuming.** The unit is the commit: every event of a commit has its position, and a commit's lines
 * are always written by the same `write` call. An export that ended or was stopped (`to`, `signal`)
 * resumes exactly with `from` = `nextPosition`, which is the last line's position + 1 when the last
 * commit read had events of the `types` asked for. After a crash in the middle of a write, drop the lines
 * of the file's last position and resume from that position.
 */
export async function exportEvents(
  store: Pick<EventStore, 'readAllRecords'>,
  write: (chunk: string) => void | Promise<void>,
  options: ExportEventsOptions = {},
): Promise<ExportResult> {
  const started = Date.now();
  const types = options.types && options.types.length > 0 ? new Set(options.types) : undefined;
  let events = 0;
  let commits = 0;
  let archivedSkipped = 0;
  let lastPosition: number | undefined;
  let nextPosition = Math.max(1, options.from ?? 1);
  const to = options.to ?? Infinity;
  let end = nextPosition > to;
  const pages = recordPages(store, {
    from: nextPosition,
    to,
    pageSize: options.pageSize ?? DEFAULT_EXPORT_PAGE_SIZE,
    archived: options.archived ?? 'throw',
    stop: () => options.signal?.aborted === true,
  });
  for await (const page of pages) {
    let chunk = '';
    for (const c of page.commits) {
      for (const e of c.events) {
        if (types && !types.has(e.type)) continue;
        chunk += encodeExportLine(e, c.commitId) + '\n';
        events++;
      }
      commits++;
      lastPosition = c.position;
    }
    if (chunk) await write(chunk);
    archivedSkipped += page.archivedSkipped;
    nextPosition = page.nextPosition;
    end = page.isEnd;
    options.onProgress?.({ events, commits, nextPosition, elapsedMs: Date.now() - started });
  }
  return {
    events,
    commits,
    nextPosition,
    elapsedMs: Date.now() - started,
    ...(lastPosition === undefined ? {} : { lastPosition }),
    archivedSkipped,
    stopped: !end,
  };
}

import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { StoredCommitRecord, StoredEventRecord } from './archive.types';
import { ArchiveFileError } from '../errors/archive-file.error';
import { decodeExportLine } from '../export/export-line';

/** What a file of exported events holds: its hash, its lines, and digests to compare with. */
export interface ExportFileSummary {
  /** SHA-256 (hex) of the file's bytes. */
  readonly sha256: string;
  readonly lines: number;
  readonly commits: number;
  /** SHA-256 (hex) of the event ids in order, one per line: what was written, independent of encoding. */
  readonly eventIdsSha256: string;
}

/**
 * Writes an archive file: created only if it does not exist yet (an archive never overwrites one),
 * hashed as it is written, flushed to disk (`fsync`) before it is closed.
 */
export class ArchiveFileWriter {
  private readonly bytes: Hash = createHash('sha256');
  private readonly ids: Hash = createHash('sha256');
  private lines = 0;
  private commits = 0;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(file: string): Promise<ArchiveFileWriter> {
    try {
      return new ArchiveFileWriter(file, await open(file, 'wx'));
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      throw new ArchiveFileError(
        file,
        code === 'EEXIST' ? 'exists already (an archive never overwrites a file)' : 'cannot be created',
        undefined,
        { cause: err },
      );
    }
  }

  /** Appends one commit's lines (`lines` ends with a newline). */
  async write(lines: string, commit: StoredCommitRecord): Promise<void> {
    this.bytes.update(lines);
    for (const e of commit.events) this.ids.update(e.eventId + '\n');
    this.lines += commit.events.length;
    this.commits++;
    await this.handle.write(lines);
  }

  async close(): Promise<ExportFileSummary> {
    await this.handle.sync();
    await this.handle.close();
    return {
      sha256: this.bytes.digest('hex'),
      lines: this.lines,
      commits: this.commits,
      eventIdsSha256: this.ids.digest('hex'),
    };
  }

  /** Closes and removes the file (nothing to archive, or a failure before it was verified). */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await unlink(this.file).catch(() => undefined);
  }
}

/**
 * Reads a file of exported events (`events export`, `events archive`): checks every line, groups the
 * lines of each commit (consecutive lines of one position: one stream, contiguous revisions, indexes
 * 0, 1, …, positions ascending) and hands each commit over in file order, then resolves the summary.
 * Archived commits were published, so they come back dispatched and not parked.
 * @throws ArchiveFileError naming the file and line when the file cannot be read or a line is wrong
 */
export async function readExportFile(
  file: string,
  onCommit: (commit: StoredCommitRecord) => void | Promise<void>,
): Promise<ExportFileSummary> {
  const bytes = createHash('sha256');
  const ids = createHash('sha256');
  const decoder = new StringDecoder('utf8');
  let lineNo = 0;
  let commits = 0;
  let open: StoredEventRecord[] = [];
  let lastPosition = 0;
  const flush = async () => {
    if (open.length === 0) return;
    const events = open;
    open = [];
    commits++;
    await onCommit({
      commitId: events[0]!.eventId,
      stream: events[0]!.stream,
      revision: events[0]!.revision,
      lastRevision: events[events.length - 1]!.revision,
      position: events[0]!.position,
      committedAt: events[0]!.committedAt,
      dispatched: true,
      parked: false,
      events,
    });
  };
  const take = async (line: string) => {
    lineNo++;
    const decoded = decodeExportLine(line);
    if ('error' in decoded) throw new ArchiveFileError(file, decoded.error, lineNo);
    const e = decoded.event;
    const prev = open[open.length - 1];
    if (prev && e.position !== prev.position) await flush();
    const last = open[open.length - 1];
    const why = last
      ? e.stream !== last.stream ||
        e.revision !== last.revision + 1 ||
        e.indexInCommit !== last.indexInCommit + 1 ||
        e.committedAt.getTime() !== last.committedAt.getTime()
        ? `does not continue the commit at position ${e.position}`
        : undefined
      : e.indexInCommit !== 0
        ? `starts the commit at position ${e.position} with index ${e.indexInCommit}, not 0 (a partial commit)`
        : e.position <= lastPosition
          ? `position ${e.position} is not after ${lastPosition}`
          : undefined;
    if (why) throw new ArchiveFileError(file, `event ${e.eventId} ${why}`, lineNo);
    lastPosition = e.position;
    ids.update(e.eventId + '\n');
    open.push(e);
  };
  let rest = '';
  try {
    for await (const chunk of createReadStream(file)) {
      const buffer = chunk as Buffer;
      bytes.update(buffer);
      const lines = (rest + decoder.write(buffer)).split('\n');
      rest = lines.pop()!;
      for (const line of lines) await take(line);
    }
  } catch (err) {
    if (err instanceof ArchiveFileError) throw err;
    const code = (err as { code?: unknown }).code;
    throw new ArchiveFileError(
      file,
      code === 'ENOENT' ? 'no such file' : `cannot be read (${(err as Error).message})`,
      undefined,
      { cause: err },
    );
  }
  rest += decoder.end();
  if (rest !== '') await take(rest);
  await flush();
  return {
    sha256: bytes.digest('hex'),
    lines: lineNo,
    commits,
    eventIdsSha256: ids.digest('hex'),
  };
}

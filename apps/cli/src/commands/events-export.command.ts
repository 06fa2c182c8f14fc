import { open, type FileHandle } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportEvents, type ExportProgress } from '@switchyard/event-store';
import { CliError } from '../cli-error';
import { databaseOption, withEventStore } from '../event-store-connection';
import { count } from '../format';
import { ProgressBar, type ProgressUpdate } from '../progress-bar';
import { positionFlag } from './position-flag';

interface ExportFlags {
  from?: string;
  to?: string;
  types?: string;
  out?: string;
  append?: boolean;
  skipArchived?: boolean;
  database: string;
}

/**
 * `switchyard events export`: stored events as NDJSON (one stored envelope per line, data as stored) in
 * global order, to stdout or a file; resumable with `--from <last position + 1>`.
 */
export function registerExportCommand(events: Command): void {
  databaseOption(
    events
      .command('export')
      .description(
        'write stored events as NDJSON, one per line (position, indexInCommit, stream, revision, type, ' +
          'schemaVersion, eventId, committedAt, metadata, data as stored), in global order; resume with ' +
          '--from <last position + 1> (a commit is never split)',
      )
      .option('--from <position>', 'first commit position (required; 1 for everything)')
      .option('--to <position>', 'last commit position, inclusive (default: the end)')
      .option('--types <a,b>', 'only events of these types')
      .option('--out <file>', 'write to this file (default: stdout); it must not exist, unless --append')
      .option('--append', 'append to --out (to resume into the same file)')
      .option('--skip-archived', 'step over archived history instead of stopping at it'),
  ).action(async (flags: ExportFlags) => {
    if (flags.from === undefined)
      throw new CliError('say where to start: --from <position> (1 for everything)');
    const from = positionFlag('--from', flags.from);
    const to = flags.to === undefined ? undefined : positionFlag('--to', flags.to);
    if (to !== undefined && to < from) throw new CliError(`--to ${to} is before --from ${from}`);
    const types = flags.types?.split(',').map((t) => t.trim());
    if (types && types.some((t) => t === ''))
      throw new CliError(`--types needs event types, got "${flags.types}"`);
    if (flags.append && !flags.out) throw new CliError('--append goes with --out <file>');

    const out = flags.out ? await openOut(flags.out, flags.append === true) : undefined;
    const stop = new AbortController();
    const onSignal = () => (stop.signal.aborted ? process.exit(130) : stop.abort());
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const progress = new ProgressBar('export', 'events');
    let last: ExportProgress = { events: 0, commits: 0, nextPosition: from, elapsedMs: 0 };
    try {
      const result = await withEventStore(flags.database, (store) =>
        exportEvents(store, out ? (chunk) => out.write(chunk).then(() => undefined) : writeStdout, {
          from,
          to,
          types,
          archived: flags.skipArchived ? 'skip' : 'throw',
          signal: stop.signal,
          onProgress: (p) => {
            last = p;
            progress.update(describe(p, from, to));
          },
        }),
      );
      progress.done();
      const summary =
        `exported ${count(result.events)} event(s) of ${count(result.commits)} commit(s)` +
        (result.lastPosition === undefined ? '' : `, positions ${from}..${result.lastPosition}`) +
        ` in ${(result.elapsedMs / 1000).toFixed(1)} s (${count(rate(result))} events/s)` +
        (result.archivedSkipped > 0 ? `, ${count(result.archivedSkipped)} archived position(s) skipped` : '');
      // Interrupted: the summary is the error line, with the exit code of an interrupted process.
      if (result.stopped)
        throw new CliError(`${summary}; interrupted: resume with --from ${result.nextPosition}`, 130);
      process.stderr.write(`${summary}; next: --from ${result.nextPosition}\n`);
    } catch (err) {
      progress.done();
      if (last.commits > 0 && !(err instanceof CliError))
        process.stderr.write(
          `exported ${count(last.events)} event(s) before the error; resume with --from ${last.nextPosition}\n`,
        );
      throw err;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await out?.sync().catch(() => undefined);
      await out?.close();
    }
  });
}

async function openOut(file: string, append: boolean): Promise<FileHandle> {
  try {
    return await open(file, append ? 'a' : 'wx');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new CliError(
      code === 'EEXIST'
        ? `${file} exists already: pass --append to resume into it, or choose another file`
        : `cannot write ${file} (${(err as Error).message})`,
    );
  }
}

/** Writes to stdout, waiting when its buffer is full (a slow pipe). */
function writeStdout(chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(chunk, (err) => (err ? reject(new CliError(`stdout: ${err.message}`)) : resolve()));
  });
}

function rate(p: ExportProgress): number {
  return p.elapsedMs > 0 ? (p.events * 1000) / p.elapsedMs : 0;
}

/** With `--to`, the bar runs over the positions to export; without, it counts the events written. */
function describe(p: ExportProgress, from: number, to: number | undefined): ProgressUpdate {
  const detail = `next position ${count(p.nextPosition)}`;
  return to === undefined
    ? { value: p.events, rate: rate(p), detail }
    : { value: p.nextPosition - from, total: to - from + 1, rate: rate(p), detail };
}

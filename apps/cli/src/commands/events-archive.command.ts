import type { Command } from 'commander';
import { archiveEvents, restoreArchive, type ArchiveEventsOptions } from '@switchyard/event-store';
import { CliError } from '../cli-error';
import { databaseOption, withEventStore } from '../event-store-connection';
import { count } from '../format';
import { ProgressBar } from '../progress-bar';
import { positionFlag } from './position-flag';

interface ArchiveFlags {
  before?: string;
  streams?: string;
  to?: string;
  snapshotVersion?: string;
  dryRun?: boolean;
  database: string;
}

/** Streams listed one per line after an archive; the rest are counted. */
const LISTED_STREAMS = 20;

/** An ISO 8601 date, or date and time (with `Z` or an offset when a time is given). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * `switchyard events archive` (old history of snapshotted streams to an NDJSON file, verified, then out of
 * the store) and `switchyard events restore <file>` (back in, byte for byte).
 */
export function registerArchiveCommands(events: Command): void {
  databaseOption(
    events
      .command('archive')
      .description(
        'move the events of streams with a snapshot (up to its revision) committed before a position or a ' +
          'time to an NDJSON file (the export format), verify the file, then remove them from the store, ' +
          'leaving a marker per stream; aggregates load from their snapshots, reads of the archived part ' +
          'say where it is, and `events restore <file>` puts it back',
      )
      .option(
        '--before <position|time>',
        'commits at positions before this one, or committed before this ISO time',
      )
      .option(
        '--streams <pattern>',
        'only streams matching the pattern (* any characters, ? one), e.g. order-*',
      )
      .option('--to <file.ndjson>', 'the archive file to write; it must not exist')
      .option('--snapshot-version <n>', "only snapshots of this schema version count (the repository's)")
      .option('--dry-run', 'count what would be archived; write and remove nothing'),
  ).action(async (flags: ArchiveFlags) => {
    if (flags.before === undefined)
      throw new CliError('say what is old: --before <position> or --before <ISO time>');
    if (flags.to === undefined && !flags.dryRun)
      throw new CliError('say where the archive goes: --to <file.ndjson> (a file that does not exist yet)');
    const options: ArchiveEventsOptions = {
      before: cutOff(flags.before),
      file: flags.to ?? 'dry-run.ndjson',
      ...(flags.streams === undefined ? {} : { streams: flags.streams }),
      ...(flags.snapshotVersion === undefined
        ? {}
        : {
            snapshotSchemaVersion: positionFlag(
              '--snapshot-version',
              flags.snapshotVersion,
              'a schema version',
            ),
          }),
      dryRun: flags.dryRun === true,
    };
    const progress = new ProgressBar('archive', 'commits read');
    const started = Date.now();
    const result = await withEventStore(flags.database, (store) =>
      archiveEvents(store, {
        ...options,
        onProgress: (p) =>
          progress.update({
            value: p.scanned,
            rate: perSecond(p.scanned, started),
            detail: `(position ${count(p.position)}), ${count(p.commits)} chosen (${count(p.events)} events)`,
          }),
      }),
    ).finally(() => progress.done());
    const what = `${count(result.events)} event(s) in ${count(result.commits)} commit(s) of ${count(result.streams)} stream(s)`;
    if (result.dryRun)
      process.stdout.write(`would archive ${what} (${count(result.scanned)} commits read)\n`);
    else if (!result.file)
      process.stdout.write(`nothing to archive (${count(result.scanned)} commits read); no file written\n`);
    else {
      process.stdout.write(
        `archived ${what} to ${result.file} (sha256 ${result.sha256}), verified and removed from the store\n`,
      );
      for (const m of result.markers.slice(0, LISTED_STREAMS)) {
        process.stdout.write(
          `  ${m.stream}  revisions ${m.fromRevision}..${m.toRevision}  positions ${m.fromPosition}..${m.toPosition}\n`,
        );
      }
      if (result.markers.length > LISTED_STREAMS)
        process.stdout.write(`  … and ${count(result.markers.length - LISTED_STREAMS)} more stream(s)\n`);
    }
  });

  databaseOption(
    events
      .command('restore')
      .argument('<file>', 'an archive file written by `events archive`')
      .description(
        'put the events of an archive file back into the store, byte for byte, and remove its markers; ' +
          'a second restore of the same file changes nothing',
      ),
  ).action(async (file: string, flags: { database: string }) => {
    const progress = new ProgressBar('restore', 'commits read');
    const started = Date.now();
    const r = await withEventStore(flags.database, (store) =>
      restoreArchive(store, file, {
        onProgress: (p) =>
          progress.update({
            value: p.commits,
            rate: perSecond(p.commits, started),
            detail: `${count(p.restored)} put back`,
          }),
      }),
    ).finally(() => progress.done());
    process.stdout.write(
      r.restored === 0
        ? `nothing to restore: the ${count(r.commits)} commit(s) of ${r.file} are in the store\n`
        : `restored ${count(r.restored)} commit(s) from ${r.file} (${count(r.events)} event(s) in the file, ` +
            `${count(r.present)} commit(s) already there), ${count(r.markersRemoved)} marker(s) removed\n`,
    );
  });
}

function cutOff(value: string): ArchiveEventsOptions['before'] {
  if (/^\d+$/.test(value.trim())) return { position: positionFlag('--before', value) };
  const time = new Date(value);
  if (!ISO_TIME.test(value.trim()) || Number.isNaN(time.getTime()))
    throw new CliError(
      `--before must be a position (a whole number from 1 on) or an ISO 8601 time, got "${value}"`,
    );
  return { time };
}

function perSecond(n: number, since: number): number {
  const seconds = (Date.now() - since) / 1000;
  return seconds > 0 ? n / seconds : 0;
}

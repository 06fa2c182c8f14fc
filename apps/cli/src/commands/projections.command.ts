import type { Command } from 'commander';
import { MongoClient } from 'mongodb';
import { validateSwitchyardConfig } from '@switchyard/config';
import { getMongoEventStore } from '@switchyard/event-store';
import { exampleEventRegistry, exampleProjections } from '@switchyard/examples';
import { getMongoProjectionStore, Projections, type ProjectionLogger } from '@switchyard/projections';
import { CliError } from '../cli-error';
import { loadEventRegistry } from '../load-event-registry';
import { loadProjections } from '../load-projections';
import { ProgressBar } from '../progress-bar';
import { statusLines } from './projections-output';

interface ProjectionFlags {
  database: string;
  registry?: string;
  projections?: string;
}

/** Rebuild logs go to stderr as plain lines; the progress line is painted separately. */
const STDERR_LOGGER: ProjectionLogger = {
  log: () => undefined,
  warn: (m) => process.stderr.write(`\n${m}\n`),
  error: (m) => process.stderr.write(`\n${m}\n`),
};

function common(command: Command): Command {
  return command
    .option(
      '--database <name>',
      'MongoDB database of the event store and read models',
      process.env.MONGO_DATABASE ?? 'switchyard',
    )
    .option('--registry <file>', "event registry module (.ts/.js); default: the example system's")
    .option(
      '--projections <file>',
      "projections module (.ts/.js) exporting an array; default: the example system's",
    );
}

/** Connects, runs `work` with the projections, and closes. */
async function withProjections<T>(
  flags: ProjectionFlags,
  work: (p: Projections) => Promise<T>,
  pageSize?: number,
): Promise<T> {
  const registry = flags.registry ? loadEventRegistry(flags.registry) : exampleEventRegistry();
  const definitions = flags.projections ? loadProjections(flags.projections) : exampleProjections();
  const config = validateSwitchyardConfig(process.env);
  const client = new MongoClient(config.MONGO_URL, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect().catch((err: unknown) => {
      throw new CliError(`MONGO_URL: cannot reach the database (${(err as Error).message})`);
    });
    const db = client.db(flags.database);
    const projections = new Projections({
      projections: definitions,
      store: getMongoProjectionStore(db),
      events: getMongoEventStore(db, registry),
      logger: STDERR_LOGGER,
      ...(pageSize === undefined ? {} : { tuning: { pageSize } }),
    });
    return await work(projections);
  } finally {
    await client.close().catch(() => undefined);
  }
}

function parseVersion(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!/^\d+$/.test(raw) || v < 1)
    throw new CliError(`--version must be a whole number from 1 on, got "${raw}"`);
  return v;
}

/**
 * `switchyard projections status|rebuild|skip`: where each read model stands, a blue/green rebuild with a
 * progress line, and the decision to go past an event a projection is paused at.
 */
export function registerProjectionsCommand(program: Command): void {
  const projections = program.command('projections').description('operate the read models (projections)');

  common(
    projections
      .command('status')
      .argument('[name]', 'one projection (default: all)')
      .option('--json', 'print the status as JSON')
      .description('per projection: live version, position, lag behind the store, pause, rebuild state'),
  ).action(async (name: string | undefined, flags: ProjectionFlags & { json?: boolean }) => {
    const statuses = await withProjections(flags, (p) => p.status(name));
    if (flags.json) process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
    else for (const s of statuses) process.stdout.write(`${statusLines(s).join('\n')}\n`);
    if (statuses.some((s) => s.state === 'paused')) process.exitCode = 2;
  });

  common(
    projections
      .command('rebuild')
      .argument('<name>', 'the projection')
      .option('--version <n>', 'the version to build (default: the live one + 1)')
      .option('--page-size <n>', 'commits per page, folded in memory and written once', '1000')
      .description(
        'build the next version into its own collection from position 1 while the live one serves, switch ' +
          'the read side to it at catch-up, then drop the old one; resumes after a crash; no side effects',
      ),
  ).action(async (name: string, flags: ProjectionFlags & { version?: string; pageSize: string }) => {
    const version = parseVersion(flags.version);
    const pageSize = Number(flags.pageSize);
    if (!/^\d+$/.test(flags.pageSize) || pageSize < 1)
      throw new CliError(`--page-size must be a whole number from 1 on, got "${flags.pageSize}"`);
    const progress = new ProgressBar(`rebuild ${name}`, 'events');
    const result = await withProjections(
      flags,
      async (p) => {
        p.definition(name);
        process.stderr.write(`rebuilding ${name}: side effects are suppressed during the rebuild\n`);
        return p.rebuild(name, {
          version,
          onProgress: (at) =>
            progress.update({
              value: at.position,
              total: Math.max(at.head, at.position),
              rate: at.eventsPerSecond,
              detail: `v${at.version}`,
            }),
        });
      },
      pageSize,
    ).finally(() => progress.done());
    const rate = result.seconds > 0 ? Math.round(result.events / result.seconds) : result.events;
    process.stdout.write(
      `rebuilt ${result.projection}: version ${result.toVersion} is live from position ${result.switchPosition}` +
        (result.resumedFrom > 0 ? ` (resumed from position ${result.resumedFrom})` : '') +
        `; ${result.events} events in ${result.seconds.toFixed(1)}s (${rate} events/s); side effects suppressed; ` +
        (result.droppedOld ? `version ${result.fromVersion} dropped\n` : `${result.note}\n`),
    );
  });

  common(
    projections
      .command('skip')
      .argument('<name>', 'the projection')
      .requiredOption('--event <id>', 'the event it is paused at (as `projections status` names it)')
      .description(
        'record the decision to go past the event a projection is paused at; it goes on within a second',
      ),
  ).action(async (name: string, flags: ProjectionFlags & { event: string }) => {
    const skip = await withProjections(flags, (p) => p.skip(name, flags.event));
    process.stdout.write(
      `skipped ${skip.wholeCommit ? 'the unreadable commit' : 'event'} ${skip.ref} at position ${skip.position} ` +
        `for ${name} (it failed with: ${skip.error})\n`,
    );
  });
}

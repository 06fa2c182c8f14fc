import type { Command } from 'commander';
import { describeParking } from '@switchyard/outbox';
import { CliError } from '../cli-error';
import { databaseOption, withEventStore } from '../event-store-connection';

interface DatabaseFlags {
  database: string;
}

/**
 * `switchyard events parked` and `switchyard events unpark <commitId>|--all`: the commits the outbox relay
 * gave up on because the broker refuses them (a missing exchange, no write permission, too large), and
 * clearing them once the cause is fixed so the relay publishes them, and their streams' waiting commits.
 */
export function registerParkingCommands(events: Command): void {
  databaseOption(
    events
      .command('parked')
      .description(
        'list the commits the outbox relay parked, one line each: commit id, stream, revision, reason',
      ),
  ).action(async (flags: DatabaseFlags) => {
    const parked = await withEventStore(flags.database, (store) => store.readParked());
    for (const p of parked) {
      process.stdout.write(
        `${p.commitId}  ${p.stream}  revision ${p.revision}  ${describeParking(p.parking)}, ` +
          `parked ${p.parking.parkedAt.toISOString()}\n`,
      );
    }
    process.stderr.write(
      parked.length === 0
        ? 'no parked commits\n'
        : `${parked.length} parked commit(s); once the cause is fixed: switchyard events unpark <commitId>|--all\n`,
    );
  });

  databaseOption(
    events
      .command('unpark')
      .argument('[commitId]', 'the parked commit to retry')
      .option('--all', 'every parked commit')
      .description(
        'clear a parked commit (or all) so the outbox relay publishes it, then the commits of its stream ' +
          'that wait behind it; the relay notices within its parked-refresh interval (default 5 s)',
      ),
  ).action(async (commitId: string | undefined, flags: DatabaseFlags & { all?: boolean }) => {
    if (commitId !== undefined && flags.all) throw new CliError('give a commit id or --all, not both');
    if (commitId === undefined && !flags.all) throw new CliError('say what to unpark: <commitId> or --all');
    await withEventStore(flags.database, async (store) => {
      if (flags.all) {
        process.stdout.write(`unparked ${await store.unparkAll()} commit(s)\n`);
        return;
      }
      const parked = (await store.readParked()).find((p) => p.commitId === commitId);
      if (!parked || !(await store.unparkCommit(commitId!))) {
        throw new CliError(`no parked commit "${commitId}" (switchyard events parked lists them)`);
      }
      process.stdout.write(`unparked ${commitId} (${parked.stream} revision ${parked.revision})\n`);
    });
  });
}

import type { Command } from 'commander';
import { MongoClient } from 'mongodb';
import { EventRegistry } from '@switchyard/contracts';
import { validateSwitchyardConfig } from '@switchyard/config';
import { getMongoEventStore, type EventStore } from '@switchyard/event-store';
import { CliError } from './cli-error';

/** Adds `--database <name>` (default: MONGO_DATABASE, else `switchyard`). */
export function databaseOption(command: Command): Command {
  return command.option(
    '--database <name>',
    'MongoDB database of the event store',
    process.env.MONGO_DATABASE ?? 'switchyard',
  );
}

/**
 * Runs `use` with the event store of `database` at MONGO_URL and closes the connection afterwards. The
 * store has no event types: for commands that decode no payload (parking, export, archive, restore).
 * @throws CliError when the database cannot be reached
 */
export async function withEventStore<T>(
  database: string,
  use: (store: EventStore) => Promise<T>,
): Promise<T> {
  const config = validateSwitchyardConfig(process.env);
  const client = new MongoClient(config.MONGO_URL, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect().catch((err: unknown) => {
      throw new CliError(`MONGO_URL: cannot reach the database (${(err as Error).message})`);
    });
    return await use(getMongoEventStore(client.db(database), new EventRegistry()));
  } finally {
    await client.close().catch(() => undefined);
  }
}

import type { Command } from 'commander';
import { MongoClient } from 'mongodb';
import { amqpUrlList, amqpUrlWithVhost, validateSwitchyardConfig } from '@switchyard/config';
import { getMongoEventStore } from '@switchyard/event-store';
import { AmqpConnection, EventPublisher } from '@switchyard/messaging';
import { republishEvents, type RepublishSelection } from '@switchyard/outbox';
import { CliError } from '../cli-error';
import { loadEventRegistry } from '../load-event-registry';
import { registerParkingCommands } from './events-parking.command';
import { registerExportCommand } from './events-export.command';
import { registerArchiveCommands } from './events-archive.command';
import { exampleEventRegistry, EXAMPLE_TOPOLOGY } from '@switchyard/examples';
import { loadTopologyModel } from '@switchyard/messaging/topology';

interface RepublishFlags {
  consumer: string;
  stream?: string;
  fromPosition?: string;
  toPosition?: string;
  model?: string;
  registry?: string;
  database: string;
  url?: string;
  vhost?: string;
}

/**
 * `switchyard events republish`: fault recovery, sending stored events again to one consumer;
 * `events parked` / `events unpark` for the commits the outbox relay gave up on; `events export`,
 * `events archive` and `events restore`.
 */
export function registerEventsCommand(program: Command): void {
  const events = program.command('events').description('work with the stored events');
  registerParkingCommands(events);
  registerExportCommand(events);
  registerArchiveCommands(events);
  events
    .command('republish')
    .description(
      "send stored events again to one consumer's queue, by stream or from a checkpoint, without " +
        'disturbing other consumers (only events its bindings match; its inbox drops what it already did)',
    )
    .requiredOption('--consumer <queue>', 'the consumer, <domain>.<purpose>, e.g. payments.orders')
    .option('--stream <stream>', 'every event of this stream')
    .option('--from-position <n>', 'every event from this global position (a read-all checkpoint) on')
    .option('--to-position <n>', 'with --from-position: up to this position, inclusive')
    .option('--model <file>', 'topology model (.ts, .js or .json); default: the example topology')
    .option(
      '--registry <file>',
      "event registry module (.ts or .js, exporting an EventRegistry or a function returning one); default: the example system's",
    )
    .option(
      '--database <name>',
      'MongoDB database of the event store',
      process.env.MONGO_DATABASE ?? 'switchyard',
    )
    .option('--url <amqp-url>', 'broker URL (default: AMQP_URL)')
    .option('--vhost <vhost>', 'vhost (default: the URL path, else /)')
    .action(async (flags: RepublishFlags) => {
      const selection = parseSelection(flags);
      const topology = flags.model ? loadModel(flags.model) : EXAMPLE_TOPOLOGY;
      const registry = flags.registry ? loadEventRegistry(flags.registry) : exampleEventRegistry();
      const config = validateSwitchyardConfig(process.env);
      const base = amqpUrlList(flags.url ?? config.AMQP_URL)[0]!;
      const url = new URL(flags.vhost ? amqpUrlWithVhost(base, flags.vhost) : base);

      const client = new MongoClient(config.MONGO_URL, { serverSelectionTimeoutMS: 5_000 });
      const connection = new AmqpConnection({
        urls: url.toString(),
        name: 'switchyard-cli',
        declare: undefined,
      });
      const publisher = new EventPublisher(connection);
      try {
        await client.connect().catch((err: unknown) => {
          throw new CliError(`MONGO_URL: cannot reach the database (${(err as Error).message})`);
        });
        await connection.waitConnected(10_000).catch((err: unknown) => {
          throw new CliError(`AMQP_URL: cannot reach the broker at ${url.host} (${(err as Error).message})`);
        });
        const store = getMongoEventStore(client.db(flags.database), registry);
        let lastPaint = 0;
        const result = await republishEvents({
          source: store,
          publisher,
          routing: registry,
          topology,
          consumer: flags.consumer,
          selection,
          onProgress: (sent, examined) => {
            if (Date.now() - lastPaint < 200) return;
            lastPaint = Date.now();
            process.stderr.write(`\rrepublish: ${sent} sent, ${examined} read`);
          },
        });
        if (lastPaint) process.stderr.write('\n');
        process.stdout.write(
          `republished ${result.sent} event(s) to ${result.consumer}` +
            (result.skipped ? ` (${result.skipped} not matching its bindings skipped)\n` : '\n'),
        );
      } finally {
        await publisher.close().catch(() => undefined);
        await connection.close().catch(() => undefined);
        await client.close().catch(() => undefined);
      }
    });
}

function parseSelection(flags: RepublishFlags): RepublishSelection {
  if (flags.stream !== undefined && flags.fromPosition !== undefined) {
    throw new CliError('give either --stream or --from-position, not both');
  }
  if (flags.stream !== undefined) {
    if (flags.toPosition !== undefined) throw new CliError('--to-position goes with --from-position');
    return { stream: flags.stream };
  }
  if (flags.fromPosition === undefined)
    throw new CliError('say what to republish: --stream <stream> or --from-position <n>');
  const from = position('--from-position', flags.fromPosition);
  const to = flags.toPosition === undefined ? undefined : position('--to-position', flags.toPosition);
  if (to !== undefined && to < from)
    throw new CliError(`--to-position ${to} is before --from-position ${from}`);
  return { fromPosition: from, toPosition: to };
}

function position(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`${flag} must be a whole number from 1 on, got "${value}"`);
  return n;
}

function loadModel(file: string) {
  const loaded = loadTopologyModel(file);
  if (typeof loaded === 'string') throw new CliError(loaded);
  return loaded;
}

import type { Command } from 'commander';
import amqp from 'amqplib';
import { amqpUrlList, amqpUrlWithVhost, validateSwitchyardConfig } from '@switchyard/config';
import {
  listDeadLetters,
  purgeDeadLetters,
  replayDeadLetters,
  type ProgressListener,
} from '@switchyard/messaging';
import { CliError } from '../cli-error';

/** Runs with at least this many messages show a progress bar on stderr. */
const PROGRESS_THRESHOLD = 50;

interface ConnectionFlags {
  url?: string;
  vhost?: string;
}

/** `switchyard dlq list|replay|purge <queue>`: inspect dead letters and put them back to work. */
export function registerDlqCommand(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('inspect, replay and purge dead-letter queues (<queue> or <queue>.dlq)')
    .option('--url <amqp-url>', 'broker URL (default: AMQP_URL)')
    .option('--vhost <vhost>', 'vhost (default: the URL path, else /)');

  dlq
    .command('list <queue>')
    .description('show id, type, reason, attempts and failed-at of every dead letter, leaving them in place')
    .option('--json', 'one JSON object per line')
    .action(async (queue: string, flags: { json?: boolean }) => {
      const rows = await withChannel(dlq.opts<ConnectionFlags>(), (ch) =>
        listDeadLetters(ch, queue, progressBar('list')),
      );
      if (flags.json) {
        for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write('no dead letters\n');
        return;
      }
      const table = [
        ['ID', 'TYPE', 'REASON', 'ATTEMPTS', 'FAILED AT'],
        ...rows.map((r) => [r.messageId, r.type, r.reason, String(r.attempts), r.failedAt]),
      ];
      const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
      for (const row of table)
        process.stdout.write(
          `${row
            .map((c, i) => c.padEnd(widths[i]!))
            .join('  ')
            .trimEnd()}\n`,
        );
    });

  dlq
    .command('replay <queue>')
    .description(
      'send dead letters back to their original queue (x-original-queue) with attempts reset; ' +
        'each is acked off the DLQ only once the broker confirmed it and did not return it',
    )
    .option('--id <id...>', 'only these message ids')
    .option('--all', 'every dead letter (the default when no --id is given)')
    .option(
      '--to <queue>',
      'send them to this queue instead (needed for dead letters without x-original-queue, written by ' +
        'the broker on TTL or max-length); a partition <queue>.p<i> goes through its hash exchange',
    )
    .action(async (queue: string, flags: { id?: string[]; all?: boolean; to?: string }) => {
      if (flags.id && flags.all) throw new CliError('give either --id or --all, not both');
      const result = await withChannel(dlq.opts<ConnectionFlags>(), (ch) =>
        replayDeadLetters(ch, queue, { ids: flags.id, to: flags.to, onProgress: progressBar('replay') }),
      );
      process.stdout.write(`replayed ${result.replayed} message(s)\n`);
      for (const k of result.kept) process.stdout.write(`kept ${k.messageId}: ${k.error.message}\n`);
      if (result.kept.length > 0)
        throw new CliError(
          `${result.kept.length} dead letter(s) stay in the DLQ: ${result.kept[0]!.error.message}` +
            (result.kept.length > 1 ? ` (and ${result.kept.length - 1} more, listed above)` : ''),
        );
      const found = result.replayed + result.kept.length;
      if (flags.id && found < flags.id.length)
        throw new CliError(`only ${found} of ${flags.id.length} id(s) were found in the DLQ`);
    });

  dlq
    .command('purge <queue>')
    .description('delete every dead letter of the queue')
    .action(async (queue: string) => {
      const n = await withChannel(dlq.opts<ConnectionFlags>(), (ch) => purgeDeadLetters(ch, queue));
      process.stdout.write(`purged ${n} message(s)\n`);
    });
}

async function withChannel<T>(
  flags: ConnectionFlags,
  fn: (ch: amqp.ConfirmChannel) => Promise<T>,
): Promise<T> {
  const base = amqpUrlList(flags.url ?? validateSwitchyardConfig(process.env).AMQP_URL)[0]!;
  const url = new URL(flags.vhost ? amqpUrlWithVhost(base, flags.vhost) : base);
  let conn: amqp.ChannelModel;
  try {
    conn = await amqp.connect(url.toString());
  } catch (err) {
    throw new CliError(`cannot connect to the broker at ${url.host}: ${(err as Error).message}`);
  }
  try {
    const ch = await conn.createConfirmChannel();
    ch.on('error', () => undefined);
    return await fn(ch).catch((err: unknown) => {
      const e = err as { code?: number; message?: string };
      if (e.code === 404) throw new CliError(`no such queue: ${e.message ?? ''}`);
      throw err;
    });
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/** A simple progress bar on stderr, for runs of at least PROGRESS_THRESHOLD messages. */
function progressBar(label: string): ProgressListener {
  let lastPaint = 0;
  return (done, total) => {
    if (total < PROGRESS_THRESHOLD) return;
    const now = Date.now();
    if (done < total && now - lastPaint < 100) return;
    lastPaint = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
    if (done >= total) process.stderr.write('\n');
  };
}

import { amqpUrlWithVhost } from '@switchyard/config';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import type { ManagementApi } from '../management/management-api';
import type { ManagedExchange, ManagedQueue } from '../management/management.types';
import { argumentDifferences, describeDifferences, migrationAdvice } from './broker-arguments';
import { applyAccess } from './topology-apply-access';
import type { PlannedExchange, PlannedQueue, TopologyPlan } from './topology-plan.model';
import { bindingLabel, type ApplyItem, type ApplyReport } from './topology-report.model';

export interface ApplyOptions {
  /** AMQP URL of the broker (its vhost path, if any, is replaced by each planned vhost). */
  readonly amqpUrl: string;
  readonly management: ManagementApi;
  /** Where passwords and `${VAR}` placeholders come from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Makes the broker match a plan, idempotently: creates what is missing, leaves what matches, and reports
 * each object as created, unchanged, updated, conflict or error. Exchanges, queues and bindings go through
 * an AMQP channel; a queue or exchange that exists with other arguments is reported as a conflict naming
 * each differing argument and the migration, never a crash: when the broker answers PRECONDITION_FAILED
 * the dead channel is replaced and apply goes on with the rest. Users, permissions, federation upstreams,
 * shovels and policies go through the management API. Nothing is ever deleted.
 */
export async function applyTopology(plan: TopologyPlan, options: ApplyOptions): Promise<ApplyReport> {
  const items: ApplyItem[] = [];
  const mgmt = options.management;
  for (const vhost of plan.vhosts) {
    if (await mgmt.vhostExists(vhost)) {
      items.push({ kind: 'vhost', name: vhost, outcome: 'unchanged' });
    } else {
      await mgmt.createVhost(vhost, mgmt.username);
      items.push({ kind: 'vhost', name: vhost, outcome: 'created' });
    }
    const own = await mgmt.getPermission(vhost, mgmt.username);
    if (!own) {
      items.pop(); // the vhost is not usable: one error item instead of 'unchanged'
      items.push({
        kind: 'vhost',
        name: vhost,
        outcome: 'error',
        detail: `user "${mgmt.username}" has no permissions on vhost "${vhost}" (a definitions import creates vhosts without them): grant them, e.g. rabbitmqctl set_permissions -p '${vhost}' '${mgmt.username}' '.*' '.*' '.*', and apply again`,
      });
      continue;
    }
    await applyRouting(plan, vhost, options, items);
  }
  await applyAccess(plan, mgmt, options.env ?? process.env, items);
  return { items, ok: items.every((i) => i.outcome !== 'conflict' && i.outcome !== 'error') };
}

async function applyRouting(
  plan: TopologyPlan,
  vhost: string,
  options: ApplyOptions,
  items: ApplyItem[],
): Promise<void> {
  const mgmt = options.management;
  const [exchanges, queues, bindings] = await Promise.all([
    mgmt.listExchanges(vhost),
    mgmt.listQueues(vhost),
    mgmt.listBindings(vhost),
  ]);
  let conn: ChannelModel;
  try {
    conn = await amqp.connect(amqpUrlWithVhost(options.amqpUrl, vhost));
  } catch (err) {
    const detail = `cannot open an AMQP connection to vhost "${vhost}": ${(err as Error).message}`;
    items.push({ kind: 'vhost', name: vhost, outcome: 'error', detail });
    return;
  }
  conn.on('error', () => undefined);
  const channels = new ChannelKeeper(conn);
  try {
    for (const x of plan.exchanges.filter((e) => e.vhost === vhost)) {
      const existing = exchanges.find((e) => e.name === x.name);
      const declare = (ch: Channel) =>
        ch.assertExchange(x.name, x.type, { durable: true, autoDelete: false, arguments: x.arguments });
      items.push(
        await declareChecked(
          'exchange',
          vhost,
          x.name,
          existing && exchangeDiffs(x, existing),
          channels,
          declare,
          async () => {
            const now = await mgmt.getExchange(vhost, x.name);
            return now ? exchangeDiffs(x, now) : [];
          },
        ),
      );
    }
    for (const q of plan.queues.filter((e) => e.vhost === vhost)) {
      const existing = queues.find((e) => e.name === q.name);
      const declare = (ch: Channel) =>
        ch.assertQueue(q.name, { durable: true, autoDelete: false, arguments: q.arguments });
      items.push(
        await declareChecked(
          'queue',
          vhost,
          q.name,
          existing && queueDiffs(q, existing),
          channels,
          declare,
          async () => {
            const now = await mgmt.getQueue(vhost, q.name);
            return now ? queueDiffs(q, now) : [];
          },
        ),
      );
    }
    for (const b of plan.bindings.filter((e) => e.vhost === vhost)) {
      const name = bindingLabel(b);
      const exists = bindings.some(
        (e) =>
          e.source === b.source &&
          e.destination === b.destination &&
          e.destination_type === b.destinationType &&
          e.routing_key === b.routingKey,
      );
      try {
        const ch = await channels.get();
        if (b.destinationType === 'queue') await ch.bindQueue(b.destination, b.source, b.routingKey);
        else await ch.bindExchange(b.destination, b.source, b.routingKey);
        items.push({ kind: 'binding', vhost, name, outcome: exists ? 'unchanged' : 'created' });
      } catch (err) {
        channels.lost();
        items.push({ kind: 'binding', vhost, name, outcome: 'error', detail: (err as Error).message });
      }
    }
  } finally {
    await channels.close();
    await conn.close().catch(() => undefined);
  }
}

type Diffs = ReturnType<typeof argumentDifferences>;

async function declareChecked(
  kind: 'exchange' | 'queue',
  vhost: string,
  name: string,
  known: Diffs | undefined,
  channels: ChannelKeeper,
  declare: (ch: Channel) => Promise<unknown>,
  recheck: () => Promise<Diffs>,
): Promise<ApplyItem> {
  const conflict = (differences: Diffs): ApplyItem => ({
    kind,
    vhost,
    name,
    outcome: 'conflict',
    detail: `${kind} "${name}" exists with other arguments: ${describeDifferences(differences)}`,
    differences,
    migration: migrationAdvice(kind, name),
  });
  try {
    await declare(await channels.get());
  } catch (err) {
    // PRECONDITION_FAILED closed the channel: the next object gets a new one, and the management API
    // says which arguments differ.
    channels.lost();
    if ((err as { code?: number }).code === 406) {
      const differences = await recheck();
      if (differences.length > 0) return conflict(differences);
    }
    return { kind, vhost, name, outcome: 'error', detail: (err as Error).message };
  }
  // Declared fine, yet the broker's object differs in an argument RabbitMQ does not compare on declare:
  // what runs is not the model, so it is a conflict all the same.
  if (known && known.length > 0) return conflict(known);
  return { kind, vhost, name, outcome: known ? 'unchanged' : 'created' };
}

function exchangeDiffs(x: PlannedExchange, e: ManagedExchange): Diffs {
  return argumentDifferences(
    { type: x.type, durable: true, auto_delete: false, ...x.arguments },
    { type: e.type, durable: e.durable, auto_delete: e.auto_delete, ...e.arguments },
  );
}

function queueDiffs(q: PlannedQueue, e: ManagedQueue): Diffs {
  const args = { ...e.arguments };
  // A classic queue declared without x-queue-type shows none; it is still classic.
  if (args['x-queue-type'] === undefined && (e.type === undefined || e.type === 'classic')) {
    args['x-queue-type'] = 'classic';
  }
  return argumentDifferences(
    { durable: true, auto_delete: false, ...q.arguments },
    { durable: e.durable, auto_delete: e.auto_delete, ...args },
  );
}

/** One channel at a time; a channel closed by the broker (PRECONDITION_FAILED) is replaced on next use. */
class ChannelKeeper {
  private channel?: Channel;
  constructor(private readonly conn: ChannelModel) {}

  async get(): Promise<Channel> {
    if (!this.channel) {
      const ch = await this.conn.createChannel();
      ch.on('error', () => undefined);
      ch.on('close', () => {
        if (this.channel === ch) this.channel = undefined;
      });
      this.channel = ch;
    }
    return this.channel;
  }

  lost(): void {
    this.channel = undefined;
  }

  async close(): Promise<void> {
    await this.channel?.close().catch(() => undefined);
    this.channel = undefined;
  }
}

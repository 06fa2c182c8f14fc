import type { ConfirmChannel } from 'amqplib';
import { planTopology } from '../topology/topology-plan';
import type { TopologyModel } from '../topology/topology.model';
import { topologyNames } from '../topology/topology-names';

export interface DeclareTopologyOptions {
  /** Declare only these consumer queues (and every domain exchange). @default every consumer */
  readonly consumers?: readonly string[];
  /**
   * The vhost the channel is on; with a model spanning several vhosts only that vhost's objects are
   * declared. @default every object of the plan
   */
  readonly vhost?: string;
}

/**
 * Declares over AMQP, idempotently, the exchanges, queues and bindings of the topology plan
 * (`planTopology`, the same plan `applyTopology` applies, so the arguments always agree): each domain's
 * exchange with its alternate exchange, each consumer's queue, retry tiers, dead-letter queue and
 * bindings, or its partitions behind a consistent-hash exchange. Runs on every (re)connect, so a restarted
 * broker has its routing back before consumers re-attach. Users, permissions and links are left to
 * `switchyard topology apply`.
 */
export async function declareTopology(
  channel: ConfirmChannel,
  model: TopologyModel,
  options: DeclareTopologyOptions = {},
): Promise<void> {
  const plan = planTopology(model);
  const inVhost = <T extends { vhost: string }>(x: T): boolean =>
    plan.vhosts.length <= 1 || options.vhost === undefined || x.vhost === options.vhost;
  const only = options.consumers;
  const partitionExchanges = new Set((only ?? []).map((q) => topologyNames.partitionExchange(q)));
  const exchanges = plan.exchanges.filter(
    (x) => inVhost(x) && (!only || x.role !== 'partitions' || partitionExchanges.has(x.name)),
  );
  const queues = plan.queues.filter(
    (q) => inVhost(q) && (!only || q.role === 'unroutable' || only.includes(q.owner)),
  );
  const declared = new Set([...exchanges.map((x) => x.name), ...queues.map((q) => q.name)]);
  for (const x of exchanges) {
    await channel.assertExchange(x.name, x.type, {
      durable: true,
      autoDelete: false,
      arguments: x.arguments,
    });
  }
  for (const q of queues) {
    await channel.assertQueue(q.name, { durable: true, autoDelete: false, arguments: q.arguments });
  }
  for (const b of plan.bindings) {
    if (!inVhost(b) || !declared.has(b.destination) || !declared.has(b.source)) continue;
    if (b.destinationType === 'queue') await channel.bindQueue(b.destination, b.source, b.routingKey);
    else await channel.bindExchange(b.destination, b.source, b.routingKey);
  }
}

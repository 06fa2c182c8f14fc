import type { ConfirmChannel } from 'amqplib';
import { DEFAULT_RETRY_DELAYS } from '../messaging.constants';
import type { ConsumerDefinition, TopologyModel } from '../topology/topology.model';
import { topologyNames } from '../topology/topology-names';
import { parseDuration } from './duration';

/**
 * Declares, idempotently over AMQP, what the runtime needs of the topology model: each domain's topic
 * exchange with its alternate exchange, and each consumer's queue, retry tiers, dead-letter queue and
 * bindings (or its ordered partitions behind a consistent-hash exchange). Run on every (re)connect so a
 * restarted broker gets its routing back before consumers re-attach. Arguments follow the naming
 * convention exactly, so this and the topology engineer's `applyTopology` agree.
 */
export async function declareTopology(
  channel: ConfirmChannel,
  model: TopologyModel,
  only?: readonly string[],
): Promise<void> {
  for (const domain of model.domains) {
    const ae = topologyNames.alternateExchange(domain.name);
    await channel.assertExchange(ae, 'fanout', { durable: true });
    await channel.assertQueue(topologyNames.unroutableQueue(domain.name), {
      durable: true,
      arguments: { 'x-queue-type': 'quorum' },
    });
    await channel.bindQueue(topologyNames.unroutableQueue(domain.name), ae, '');
    await channel.assertExchange(topologyNames.exchange(domain.name), 'topic', {
      durable: true,
      alternateExchange: ae,
    });
  }
  for (const consumer of model.consumers) {
    const queue = topologyNames.queue(consumer);
    if (only && !only.includes(queue)) continue;
    await declareConsumer(channel, consumer, queue);
  }
}

/** The queue arguments of a consumer queue (or one of its partitions) that dead-letters into `<queue>.dlq`. */
export function consumerQueueArguments(
  consumer: ConsumerDefinition,
  baseQueue: string,
): Record<string, unknown> {
  const args: Record<string, unknown> = {
    'x-queue-type': consumer.queueType ?? 'quorum',
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': topologyNames.deadLetterQueue(baseQueue),
  };
  if (consumer.messageTtl) args['x-message-ttl'] = parseDuration(consumer.messageTtl);
  if (consumer.maxLength !== undefined) {
    args['x-max-length'] = consumer.maxLength;
    args['x-overflow'] = consumer.overflow ?? 'reject-publish-dlx';
  }
  return args;
}

async function declareConsumer(
  channel: ConfirmChannel,
  consumer: ConsumerDefinition,
  queue: string,
): Promise<void> {
  const queueType = consumer.queueType ?? 'quorum';
  await channel.assertQueue(topologyNames.deadLetterQueue(queue), {
    durable: true,
    arguments: { 'x-queue-type': queueType },
  });
  const partitions = consumer.partitions ?? 0;
  if (partitions > 0) {
    const hash = topologyNames.partitionExchange(queue);
    await channel.assertExchange(hash, 'x-consistent-hash', {
      durable: true,
      arguments: { 'hash-header': 'x-stream' },
    });
    for (let i = 0; i < partitions; i++) {
      const p = topologyNames.partitionQueue(queue, i);
      await channel.assertQueue(p, {
        durable: true,
        arguments: { ...consumerQueueArguments(consumer, queue), 'x-single-active-consumer': true },
      });
      await channel.bindQueue(p, hash, '1');
    }
    for (const b of consumer.bindings) {
      for (const pattern of b.patterns)
        await channel.bindExchange(hash, topologyNames.exchange(b.domain), pattern);
    }
    return;
  }
  await channel.assertQueue(queue, { durable: true, arguments: consumerQueueArguments(consumer, queue) });
  for (const delay of consumer.retry?.delays ?? DEFAULT_RETRY_DELAYS) {
    await channel.assertQueue(topologyNames.retryQueue(queue, delay), {
      durable: true,
      arguments: {
        'x-queue-type': queueType,
        'x-message-ttl': parseDuration(delay),
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queue,
      },
    });
  }
  for (const b of consumer.bindings) {
    for (const pattern of b.patterns)
      await channel.bindQueue(queue, topologyNames.exchange(b.domain), pattern);
  }
}

import { HEADERS } from '../messaging.constants';
import { resolveConsumer, domainVhost, type ResolvedConsumer } from './resolve-consumer';
import { DEFAULT_QUEUE_TYPE, PARTITION_WEIGHT } from './topology.constants';
import type { TopologyModel } from './topology.model';
import { topologyNames } from './topology-names';
import type {
  BrokerArguments,
  PlannedBinding,
  PlannedExchange,
  PlannedParameter,
  PlannedPermission,
  PlannedPolicy,
  PlannedQueue,
  PlannedUser,
  TopologyPlan,
} from './topology-plan.model';
import { assertValidTopology } from './topology-validation';

export interface PlanOptions {
  /**
   * Prefix of every domain user's name. Users are broker-wide, not per vhost, so tests and shared brokers
   * set one to keep theirs apart. @default ''
   */
  readonly userPrefix?: string;
}

/**
 * Derives every broker object from a model: exchanges, queues with their arguments, bindings, users,
 * permissions, and the federation upstreams and policies or shovels of its links. Pure; validates the
 * model first and throws `InvalidTopologyError` when it has errors.
 */
export function planTopology(model: TopologyModel, options: PlanOptions = {}): TopologyPlan {
  assertValidTopology(model);
  const exchanges: PlannedExchange[] = [];
  const queues: PlannedQueue[] = [];
  const bindings: PlannedBinding[] = [];
  const vhosts = new Set<string>();

  const declareDomainExchanges = (domain: string, vhost: string) => {
    vhosts.add(vhost);
    const alternate = topologyNames.alternateExchange(domain);
    const unroutable = topologyNames.unroutableQueue(domain);
    exchanges.push(
      { vhost, name: alternate, type: 'fanout', arguments: {}, role: 'alternate' },
      {
        vhost,
        name: topologyNames.exchange(domain),
        type: 'topic',
        arguments: { 'alternate-exchange': alternate },
        role: 'events',
      },
    );
    queues.push({
      vhost,
      name: unroutable,
      arguments: { 'x-queue-type': DEFAULT_QUEUE_TYPE },
      role: 'unroutable',
      owner: domain,
    });
    bindings.push({
      vhost,
      source: alternate,
      destination: unroutable,
      destinationType: 'queue',
      routingKey: '',
    });
  };

  for (const d of model.domains) declareDomainExchanges(d.name, domainVhost(model, d.name));
  for (const l of model.links ?? []) declareDomainExchanges(l.domain, l.downstreamVhost);
  for (const c of model.consumers) planConsumer(resolveConsumer(model, c), exchanges, queues, bindings);

  const prefix = options.userPrefix ?? '';
  const users: PlannedUser[] = model.domains.map((d) => ({
    name: `${prefix}${topologyNames.user(d.name)}`,
    domain: d.name,
    passwordEnv: d.passwordEnv ?? topologyNames.passwordEnv(d.name),
  }));
  const permissions: PlannedPermission[] = model.domains.map((d) => domainPermission(model, d.name, prefix));
  const { parameters, policies } = planLinks(model);
  return { vhosts: [...vhosts], exchanges, queues, bindings, users, permissions, parameters, policies };
}

function planConsumer(
  r: ResolvedConsumer,
  exchanges: PlannedExchange[],
  queues: PlannedQueue[],
  bindings: PlannedBinding[],
): void {
  const vhost = r.vhost;
  const base: Record<string, string | number | boolean> = {
    'x-queue-type': r.queueType,
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': r.deadLetterQueue,
  };
  if (r.messageTtlMs !== undefined) base['x-message-ttl'] = r.messageTtlMs;
  if (r.maxLength !== undefined) base['x-max-length'] = r.maxLength;
  if (r.overflow !== undefined) base['x-overflow'] = r.overflow;
  Object.assign(base, atLeastOnceDeadLettering(r.queueType, r.overflow));

  const sources = r.definition.bindings.flatMap((b) =>
    b.patterns.map((pattern) => ({ source: topologyNames.exchange(b.domain), pattern })),
  );
  if (r.partitions > 0) {
    const hash = r.partitionExchange!;
    exchanges.push({
      vhost,
      name: hash,
      type: 'x-consistent-hash',
      arguments: { 'hash-header': HEADERS.stream },
      role: 'partitions',
    });
    for (const s of sources) {
      bindings.push({
        vhost,
        source: s.source,
        destination: hash,
        destinationType: 'exchange',
        routingKey: s.pattern,
      });
    }
    for (const name of r.consumeFrom) {
      queues.push({
        vhost,
        name,
        arguments: { ...base, 'x-single-active-consumer': true },
        role: 'partition',
        owner: r.queue,
      });
      bindings.push({
        vhost,
        source: hash,
        destination: name,
        destinationType: 'queue',
        routingKey: PARTITION_WEIGHT,
      });
    }
  } else {
    queues.push({ vhost, name: r.queue, arguments: base, role: 'consumer', owner: r.queue });
    for (const s of sources) {
      bindings.push({
        vhost,
        source: s.source,
        destination: r.queue,
        destinationType: 'queue',
        routingKey: s.pattern,
      });
    }
    for (const tier of r.retryTiers) {
      const args: BrokerArguments = {
        'x-queue-type': r.queueType,
        'x-message-ttl': tier.ms,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': r.queue,
        // Every retried message leaves its tier by dead-lettering: it must not be lost on the way.
        ...atLeastOnceDeadLettering(r.queueType, undefined),
      };
      queues.push({ vhost, name: tier.queue!, arguments: args, role: 'retry', owner: r.queue });
    }
  }
  queues.push({
    vhost,
    name: r.deadLetterQueue,
    arguments: { 'x-queue-type': r.queueType },
    role: 'dead-letter',
    owner: r.queue,
  });

  // The runtime reaches this consumer's retry tiers and DLQ through its domain's failures exchange.
  const failures = topologyNames.failureExchange(r.definition.domain);
  if (!exchanges.some((x) => x.vhost === vhost && x.name === failures)) {
    exchanges.push({ vhost, name: failures, type: 'direct', arguments: {}, role: 'failures' });
  }
  for (const target of [...r.retryTiers.flatMap((t) => (t.queue ? [t.queue] : [])), r.deadLetterQueue]) {
    bindings.push({
      vhost,
      source: failures,
      destination: target,
      destinationType: 'queue',
      routingKey: target,
    });
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * Least privilege: configure and read only the domain's own `<domain>.*` objects (so it consumes only
 * from its own queues); write only to its own events exchange and its own failures exchange, through
 * which the runtime sends a failed message to its own `<queue>.retry.<delay>` and `<queue>.dlq`. No
 * write on the default exchange, which would reach any queue by name.
 */
function domainPermission(model: TopologyModel, domain: string, prefix: string): PlannedPermission {
  const own = `^${escape(domain)}\\.`;
  return {
    user: `${prefix}${topologyNames.user(domain)}`,
    vhost: domainVhost(model, domain),
    configure: own,
    write: `^(${escape(topologyNames.exchange(domain))}|${escape(topologyNames.failureExchange(domain))})$`,
    read: own,
  };
}

function planLinks(model: TopologyModel): { parameters: PlannedParameter[]; policies: PlannedPolicy[] } {
  const parameters: PlannedParameter[] = [];
  const policies: PlannedPolicy[] = [];
  for (const l of model.links ?? []) {
    const exchange = topologyNames.exchange(l.domain);
    const vhost = l.downstreamVhost;
    if (l.kind === 'federation') {
      const upstream = topologyNames.federationUpstream(l.domain);
      parameters.push({
        vhost,
        component: 'federation-upstream',
        name: upstream,
        value: { uri: l.upstreamUri, exchange, 'ack-mode': 'on-confirm', 'trust-user-id': false },
      });
      policies.push({
        vhost,
        name: topologyNames.federationPolicy(l.domain),
        pattern: `^${escape(exchange)}$`,
        applyTo: 'exchanges',
        priority: 10,
        definition: { 'federation-upstream': upstream },
      });
    } else {
      parameters.push({
        vhost,
        component: 'shovel',
        name: topologyNames.shovel(l.domain),
        value: {
          'src-protocol': 'amqp091',
          'src-uri': l.upstreamUri,
          'src-exchange': exchange,
          'src-exchange-key': '#',
          'dest-protocol': 'amqp091',
          'dest-uri': `amqp:///${encodeURIComponent(vhost)}`,
          'dest-exchange': exchange,
          'ack-mode': 'on-confirm',
          'src-delete-after': 'never',
        },
      });
    }
  }
  return { parameters, policies };
}

/**
 * Quorum queues dead-letter at most once by default: a message being moved when a node fails is gone.
 * `at-least-once` keeps it until the target confirms; RabbitMQ allows it only with `reject-publish`
 * overflow, so a queue whose model asks for another overflow policy keeps the default.
 */
function atLeastOnceDeadLettering(
  queueType: ResolvedConsumer['queueType'],
  overflow: ResolvedConsumer['overflow'],
): Record<string, string> {
  if (queueType !== 'quorum' || (overflow !== undefined && overflow !== 'reject-publish')) return {};
  return { 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' };
}

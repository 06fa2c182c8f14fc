import { parseDuration } from './duration';
import { DuplicateNameError } from './errors/duplicate-name.error';
import { InvalidTopologyError } from './errors/invalid-topology.error';
import { InvalidTopologyOptionError } from './errors/invalid-option.error';
import { InvalidRetryPolicyError } from './errors/invalid-retry-policy.error';
import { InvalidRoutingPatternError } from './errors/invalid-routing-pattern.error';
import type { TopologyProblem } from './errors/topology-problem.error';
import { UnconsumedEventWarning } from './errors/unconsumed-event.warning';
import { UnknownDomainError } from './errors/unknown-domain.error';
import { UnreachableConsumerError } from './errors/unreachable-consumer.error';
import { UnusedPatternWarning } from './errors/unused-pattern.warning';
import { domainVhost } from './resolve-consumer';
import { routingKeyProblem, routingPatternProblem, topicMatches } from './routing-pattern';
import { MAX_IN_PLACE_RETRY_DELAY_MS, MAX_PARTITIONS, TOPOLOGY_NAME_PATTERN } from './topology.constants';
import type { ConsumerDefinition, TopologyModel } from './topology.model';
import { topologyNames } from './topology-names';

/** What `validateTopology` found: errors stop every broker operation, warnings do not. */
export interface TopologyValidation {
  readonly errors: readonly TopologyProblem[];
  readonly warnings: readonly TopologyProblem[];
}

const OVERFLOWS = ['drop-head', 'reject-publish', 'reject-publish-dlx'];

/**
 * Checks a model without touching the broker: unknown domains, invalid routing patterns and event types,
 * duplicate names, consumers no declared event can reach, retry tiers that make no sense, malformed
 * options and links. Each problem is a coded error naming its culprit. Events no one consumes and
 * patterns that match nothing are warnings.
 */
export function validateTopology(model: TopologyModel): TopologyValidation {
  const errors: TopologyProblem[] = [];
  const warnings: TopologyProblem[] = [];
  const domains = new Map<string, TopologyModel['domains'][number]>();
  const publisherOf = new Map<string, string>();

  if (model.vhost !== undefined && model.vhost.trim() === '') {
    errors.push(new InvalidTopologyOptionError('model', 'vhost', 'is empty'));
  }
  for (const d of model.domains) {
    const culprit = `domain "${d.name}"`;
    if (!TOPOLOGY_NAME_PATTERN.test(d.name)) {
      errors.push(new InvalidTopologyOptionError(culprit, 'name', `must match ${TOPOLOGY_NAME_PATTERN}`));
    }
    if (domains.has(d.name)) errors.push(new DuplicateNameError(culprit, d.name, 'another domain'));
    else domains.set(d.name, d);
    if (d.vhost !== undefined && d.vhost.trim() === '') {
      errors.push(new InvalidTopologyOptionError(culprit, 'vhost', 'is empty'));
    }
    for (const key of d.publishes) {
      const problem = routingKeyProblem(key);
      if (problem) errors.push(new InvalidRoutingPatternError(culprit, key, problem));
      const first = publisherOf.get(key);
      if (first !== undefined) {
        errors.push(new DuplicateNameError(culprit, key, `the event type published by domain "${first}"`));
      } else publisherOf.set(key, d.name);
    }
  }

  const queues = new Map<string, string>();
  const consumed = new Set<string>();
  for (const c of model.consumers) {
    const queue = topologyNames.queue(c);
    const culprit = `consumer "${queue}"`;
    if (!domains.has(c.domain)) errors.push(new UnknownDomainError(culprit, c.domain, [...domains.keys()]));
    if (!TOPOLOGY_NAME_PATTERN.test(c.purpose)) {
      errors.push(new InvalidTopologyOptionError(culprit, 'purpose', `must match ${TOPOLOGY_NAME_PATTERN}`));
    }
    if (c.purpose === 'events') {
      errors.push(new DuplicateNameError(culprit, queue, `the events exchange of domain "${c.domain}"`));
    } else if (c.purpose === 'unroutable') {
      errors.push(new DuplicateNameError(culprit, queue, `the unroutable queue of domain "${c.domain}"`));
    } else if (c.purpose === 'failures') {
      errors.push(new DuplicateNameError(culprit, queue, `the failures exchange of domain "${c.domain}"`));
    }
    const first = queues.get(queue);
    if (first !== undefined) errors.push(new DuplicateNameError(culprit, queue, first));
    else queues.set(queue, 'another consumer');
    checkBindings(model, c, culprit, domains, errors, warnings, consumed);
    checkOptions(c, culprit, errors);
    checkRetry(c, culprit, errors);
  }

  checkLinks(model, domains, errors);

  for (const [key, domain] of publisherOf) {
    if (!consumed.has(key)) warnings.push(new UnconsumedEventWarning(`domain "${domain}"`, key));
  }
  return { errors, warnings };
}

/** Validates and throws {@link InvalidTopologyError} when there are errors; returns the warnings. */
export function assertValidTopology(model: TopologyModel): readonly TopologyProblem[] {
  const { errors, warnings } = validateTopology(model);
  if (errors.length > 0) throw new InvalidTopologyError(errors);
  return warnings;
}

function checkBindings(
  model: TopologyModel,
  c: ConsumerDefinition,
  culprit: string,
  domains: Map<string, TopologyModel['domains'][number]>,
  errors: TopologyProblem[],
  warnings: TopologyProblem[],
  consumed: Set<string>,
): void {
  if (c.bindings.length === 0) {
    errors.push(new UnreachableConsumerError(culprit, 'it has no bindings'));
    return;
  }
  let reachable = false;
  const tried: string[] = [];
  const seen = new Set<string>();
  for (const b of c.bindings) {
    const where = `${culprit}, binding to "${b.domain}"`;
    const domain = domains.get(b.domain);
    if (!domain) {
      errors.push(new UnknownDomainError(where, b.domain, [...domains.keys()]));
      continue;
    }
    if (b.patterns.length === 0) errors.push(new InvalidRoutingPatternError(where, '', 'list is empty'));
    const consumerVhost = domainVhost(model, c.domain);
    const sourceVhost = domainVhost(model, b.domain);
    const linked = (model.links ?? []).some(
      (l) => l.domain === b.domain && l.downstreamVhost === consumerVhost,
    );
    if (consumerVhost !== sourceVhost && !linked) {
      errors.push(
        new InvalidTopologyOptionError(
          where,
          'vhost',
          `crosses from vhost "${sourceVhost}" to "${consumerVhost}" with no link: declare a federation or shovel link for "${b.domain}" into "${consumerVhost}"`,
        ),
      );
    }
    for (const pattern of b.patterns) {
      const id = `${b.domain} ${pattern}`;
      if (seen.has(id))
        errors.push(new DuplicateNameError(where, pattern, 'the same binding, declared twice'));
      seen.add(id);
      const problem = routingPatternProblem(pattern);
      if (problem) {
        errors.push(new InvalidRoutingPatternError(where, pattern, problem));
        continue;
      }
      tried.push(`"${pattern}" on ${topologyNames.exchange(b.domain)}`);
      const hits = domain.publishes.filter((key) => topicMatches(pattern, key));
      hits.forEach((key) => consumed.add(key));
      if (hits.length > 0) reachable = true;
      else warnings.push(new UnusedPatternWarning(where, pattern, b.domain));
    }
  }
  if (!reachable && tried.length > 0) {
    errors.push(new UnreachableConsumerError(culprit, `${tried.join(', ')} match no declared event type`));
  }
}

function checkOptions(c: ConsumerDefinition, culprit: string, errors: TopologyProblem[]): void {
  const bad = (option: string, reason: string) =>
    errors.push(new InvalidTopologyOptionError(culprit, option, reason));
  if (c.queueType !== undefined && c.queueType !== 'classic' && c.queueType !== 'quorum') {
    bad('queueType', `"${String(c.queueType)}" is neither "classic" nor "quorum"`);
  }
  if (c.prefetch !== undefined && !(Number.isInteger(c.prefetch) && c.prefetch >= 1 && c.prefetch <= 65535)) {
    bad('prefetch', `${c.prefetch} must be an integer from 1 to 65535`);
  }
  if (
    c.partitions !== undefined &&
    !(Number.isInteger(c.partitions) && c.partitions >= 1 && c.partitions <= MAX_PARTITIONS)
  ) {
    bad('partitions', `${c.partitions} must be an integer from 1 to ${MAX_PARTITIONS}`);
  }
  for (const option of ['messageTtl', 'visibilityTimeout'] as const) {
    const value = c[option];
    if (value !== undefined && parseDuration(value) === undefined) {
      bad(option, `"${value}" is not a duration like 500ms, 30s, 10m or 1h`);
    }
  }
  if (c.maxLength !== undefined && !(Number.isInteger(c.maxLength) && c.maxLength >= 1)) {
    bad('maxLength', `${c.maxLength} must be a positive integer`);
  }
  if (c.overflow !== undefined) {
    if (!OVERFLOWS.includes(c.overflow))
      bad('overflow', `"${c.overflow}" is not one of ${OVERFLOWS.join(', ')}`);
    if (c.maxLength === undefined) bad('overflow', 'is set without maxLength');
    if (c.overflow === 'reject-publish-dlx' && (c.queueType ?? 'quorum') === 'quorum') {
      bad(
        'overflow',
        '"reject-publish-dlx" is not supported by quorum queues: use "reject-publish" or "drop-head"',
      );
    }
  }
}

function checkRetry(c: ConsumerDefinition, culprit: string, errors: TopologyProblem[]): void {
  if (!c.retry) return;
  const bad = (reason: string) => errors.push(new InvalidRetryPolicyError(culprit, reason));
  const { delays, maxAttempts } = c.retry;
  if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    bad(`maxAttempts ${maxAttempts} must be an integer >= 1 (the first attempt counts)`);
    return;
  }
  let previous = 0;
  for (const delay of delays) {
    const ms = parseDuration(delay);
    if (ms === undefined) {
      bad(`delay "${delay}" is not a duration like 500ms, 30s, 10m or 1h`);
      continue;
    }
    if (ms <= previous) bad(`delay "${delay}" is not longer than the tier before it: tiers must grow`);
    previous = Math.max(previous, ms);
    if (c.partitions && ms > MAX_IN_PLACE_RETRY_DELAY_MS) {
      bad(
        `delay "${delay}" is too long for a partitioned consumer: it retries in place and stalls its partition meanwhile (at most ${MAX_IN_PLACE_RETRY_DELAY_MS / 1000}s per tier)`,
      );
    }
  }
  const retries = maxAttempts - 1;
  if (delays.length > retries) {
    bad(
      `maxAttempts ${maxAttempts} allows ${retries} retr${retries === 1 ? 'y' : 'ies'}, so tier "${delays[retries]}" is never used`,
    );
  }
  if (delays.length === 0 && retries > 0) bad(`maxAttempts ${maxAttempts} needs at least one delay tier`);
}

function checkLinks(
  model: TopologyModel,
  domains: Map<string, TopologyModel['domains'][number]>,
  errors: TopologyProblem[],
): void {
  const seen = new Set<string>();
  for (const l of model.links ?? []) {
    const culprit = `${l.kind} link "${l.domain}" -> "${l.downstreamVhost}"`;
    const bad = (option: string, reason: string) =>
      errors.push(new InvalidTopologyOptionError(culprit, option, reason));
    if (!domains.has(l.domain)) errors.push(new UnknownDomainError(culprit, l.domain, [...domains.keys()]));
    if (l.kind !== 'federation' && l.kind !== 'shovel')
      bad('kind', `"${String(l.kind)}" is neither federation nor shovel`);
    if (!l.downstreamVhost) bad('downstreamVhost', 'is empty');
    if (domains.has(l.domain) && domainVhost(model, l.domain) === l.downstreamVhost) {
      bad('downstreamVhost', `is the domain's own vhost "${l.downstreamVhost}"`);
    }
    let protocol = '';
    try {
      protocol = new URL(l.upstreamUri).protocol;
    } catch {
      /* reported below */
    }
    if (protocol !== 'amqp:' && protocol !== 'amqps:')
      bad('upstreamUri', 'is not an amqp:// or amqps:// URI');
    const id = `${l.domain} ${l.downstreamVhost}`;
    if (seen.has(id))
      errors.push(
        new DuplicateNameError(culprit, l.domain, 'another link of the same domain into that vhost'),
      );
    seen.add(id);
  }
}

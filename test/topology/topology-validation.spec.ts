import { isInvalidTopologyError, type ConsumerDefinition, type TopologyModel } from '@switchyard/messaging';
import { EXAMPLE_TOPOLOGY } from '@switchyard/examples';
import {
  isDuplicateNameError,
  isInvalidRetryPolicyError,
  isInvalidRoutingPatternError,
  isInvalidTopologyOptionError,
  isUnconsumedEventWarning,
  isUnknownDomainError,
  isUnreachableConsumerError,
  planTopology,
  validateTopology,
  type TopologyProblem,
} from '@switchyard/messaging/topology';

/** The example model with one consumer replaced or added: a small, readable bad model per test. */
function withConsumer(consumer: ConsumerDefinition, extra: Partial<TopologyModel> = {}): TopologyModel {
  return { ...EXAMPLE_TOPOLOGY, consumers: [...EXAMPLE_TOPOLOGY.consumers, consumer], ...extra };
}

function onlyError(model: TopologyModel): TopologyProblem {
  const { errors } = validateTopology(model);
  expect(errors.map((e) => e.message)).toHaveLength(1);
  return errors[0]!;
}

describe('validateTopology', () => {
  it('accepts the example topology with no errors and no warnings', () => {
    // Given the example model / When it is validated / Then nothing is reported
    const { errors, warnings } = validateTopology(EXAMPLE_TOPOLOGY);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('names the consumer and the unknown domain of a binding', () => {
    const err = onlyError(
      withConsumer({
        domain: 'orders',
        purpose: 'audit',
        bindings: [{ domain: 'shipping', patterns: ['#'] }],
      }),
    );
    expect(isUnknownDomainError(err)).toBe(true);
    expect(err.message).toBe(
      'consumer "orders.audit", binding to "shipping": refers to unknown domain "shipping" (declared: orders, payments, notifications, reporting)',
    );
    expect(err.code).toBe('SWITCHYARD_TOPOLOGY_UNKNOWN_DOMAIN');
  });

  it('names a consumer whose own domain is not declared', () => {
    const err = onlyError(
      withConsumer({
        domain: 'billing',
        purpose: 'orders',
        bindings: [{ domain: 'orders', patterns: ['order.*'] }],
      }),
    );
    expect(isUnknownDomainError(err)).toBe(true);
    expect(err.message).toMatch(/^consumer "billing.orders": refers to unknown domain "billing"/);
  });

  it.each([
    ['order*', 'mixes a wildcard into the word "order*"'],
    ['order..placed', 'has an empty word'],
    ['order.pla ced', 'has an invalid word "pla ced"'],
    ['', 'is empty'],
  ])('rejects the invalid pattern %j and names it', (pattern, reason) => {
    const err = onlyError(
      withConsumer({
        domain: 'orders',
        purpose: 'audit',
        bindings: [{ domain: 'orders', patterns: [pattern, '#'] }],
      }),
    );
    expect(isInvalidRoutingPatternError(err)).toBe(true);
    expect(err.message).toContain(
      `consumer "orders.audit", binding to "orders": routing pattern "${pattern}" ${reason}`,
    );
  });

  it('rejects an event type with a wildcard, naming the domain', () => {
    const model: TopologyModel = {
      ...EXAMPLE_TOPOLOGY,
      domains: EXAMPLE_TOPOLOGY.domains.map((d) =>
        d.name === 'orders' ? { ...d, publishes: [...d.publishes, 'order.#'] } : d,
      ),
    };
    const err = onlyError(model);
    expect(isInvalidRoutingPatternError(err)).toBe(true);
    expect(err.message).toBe('domain "orders": routing pattern "order.#" contains a wildcard');
  });

  it('rejects duplicate consumer queues, domains and event types', () => {
    // Given a second notifications.push, a second orders domain and a payment event also published by orders
    const model: TopologyModel = {
      ...EXAMPLE_TOPOLOGY,
      domains: [...EXAMPLE_TOPOLOGY.domains, { name: 'orders', publishes: ['payment.captured'] }],
      consumers: [...EXAMPLE_TOPOLOGY.consumers, EXAMPLE_TOPOLOGY.consumers[2]!],
    };
    const { errors } = validateTopology(model);
    expect(errors.every(isDuplicateNameError)).toBe(true);
    expect(errors.map((e) => e.message)).toEqual([
      'domain "orders": the name "orders" is already used by another domain',
      'domain "orders": the name "payment.captured" is already used by the event type published by domain "payments"',
      'consumer "notifications.push": the name "notifications.push" is already used by another consumer',
    ]);
  });

  it('rejects a consumer purpose that would clash with a domain exchange', () => {
    const err = onlyError(
      withConsumer({
        domain: 'orders',
        purpose: 'events',
        bindings: [{ domain: 'payments', patterns: ['#'] }],
      }),
    );
    expect(isDuplicateNameError(err)).toBe(true);
    expect(err.message).toBe(
      'consumer "orders.events": the name "orders.events" is already used by the events exchange of domain "orders"',
    );
  });

  it("rejects a consumer purpose that would read as its domain's failures exchange", () => {
    const err = onlyError(
      withConsumer({
        domain: 'orders',
        purpose: 'failures',
        bindings: [{ domain: 'payments', patterns: ['#'] }],
      }),
    );
    expect(isDuplicateNameError(err)).toBe(true);
    expect(err.message).toBe(
      'consumer "orders.failures": the name "orders.failures" is already used by the failures exchange of domain "orders"',
    );
  });

  it('rejects a consumer no declared event can reach, listing what it tried', () => {
    const { errors, warnings } = validateTopology(
      withConsumer({
        domain: 'orders',
        purpose: 'refunds',
        bindings: [{ domain: 'payments', patterns: ['payment.refund.*', 'refund.#'] }],
      }),
    );
    expect(errors).toHaveLength(1);
    expect(isUnreachableConsumerError(errors[0])).toBe(true);
    expect(errors[0]!.message).toBe(
      'consumer "orders.refunds": no declared event can ever reach this consumer: "payment.refund.*" on payments.events, "refund.#" on payments.events match no declared event type',
    );
    expect(warnings.map((w) => w.code)).toEqual([
      'SWITCHYARD_TOPOLOGY_UNUSED_PATTERN',
      'SWITCHYARD_TOPOLOGY_UNUSED_PATTERN',
    ]);
  });

  it.each<[string, ConsumerDefinition['retry'], number | undefined, string]>([
    [
      'decreasing tiers',
      { delays: ['10s', '1s'], maxAttempts: 3 },
      undefined,
      'delay "1s" is not longer than the tier before it',
    ],
    [
      'a malformed delay',
      { delays: ['1 sec'], maxAttempts: 2 },
      undefined,
      'delay "1 sec" is not a duration',
    ],
    [
      'an unreachable tier',
      { delays: ['1s', '10s', '1m'], maxAttempts: 3 },
      undefined,
      'maxAttempts 3 allows 2 retries, so tier "1m" is never used',
    ],
    ['zero attempts', { delays: [], maxAttempts: 0 }, undefined, 'maxAttempts 0 must be an integer >= 1'],
    [
      'retries with no tier',
      { delays: [], maxAttempts: 3 },
      undefined,
      'maxAttempts 3 needs at least one delay tier',
    ],
    [
      'a long in-place wait on partitions',
      { delays: ['1s', '10m'], maxAttempts: 3 },
      2,
      'delay "10m" is too long for a partitioned consumer',
    ],
  ])('rejects retry tiers that make no sense: %s', (_case, retry, partitions, message) => {
    const err = onlyError(
      withConsumer({
        domain: 'orders',
        purpose: 'audit',
        retry,
        partitions,
        bindings: [{ domain: 'orders', patterns: ['#'] }],
      }),
    );
    expect(isInvalidRetryPolicyError(err)).toBe(true);
    expect(err.message).toContain('consumer "orders.audit": retry policy makes no sense: ');
    expect(err.message).toContain(message);
  });

  it('rejects malformed options, naming the option', () => {
    const { errors } = validateTopology(
      withConsumer({
        domain: 'orders',
        purpose: 'audit',
        prefetch: 0,
        partitions: 1.5,
        messageTtl: 'soon',
        overflow: 'reject-publish-dlx',
        bindings: [{ domain: 'orders', patterns: ['#'] }],
      }),
    );
    expect(errors.every(isInvalidTopologyOptionError)).toBe(true);
    expect(errors.map((e) => e.message)).toEqual([
      'consumer "orders.audit": prefetch 0 must be an integer from 1 to 65535',
      'consumer "orders.audit": partitions 1.5 must be an integer from 1 to 64',
      'consumer "orders.audit": messageTtl "soon" is not a duration like 500ms, 30s, 10m or 1h',
      'consumer "orders.audit": overflow is set without maxLength',
      'consumer "orders.audit": overflow "reject-publish-dlx" is not supported by quorum queues: use "reject-publish" or "drop-head"',
    ]);
  });

  it('rejects a binding across vhosts with no link, and accepts it once a link is declared', () => {
    // Given reporting living on its own vhost, bound to orders and payments on '/'
    const split: TopologyModel = {
      ...EXAMPLE_TOPOLOGY,
      domains: EXAMPLE_TOPOLOGY.domains.map((d) =>
        d.name === 'reporting' ? { ...d, vhost: 'analytics' } : d,
      ),
    };
    expect(validateTopology(split).errors.map((e) => e.message)).toEqual([
      'consumer "reporting.projections", binding to "orders": vhost crosses from vhost "/" to "analytics" with no link: declare a federation or shovel link for "orders" into "analytics"',
      'consumer "reporting.projections", binding to "payments": vhost crosses from vhost "/" to "analytics" with no link: declare a federation or shovel link for "payments" into "analytics"',
    ]);
    // When links are declared / Then it validates
    const linked: TopologyModel = {
      ...split,
      links: [
        {
          kind: 'federation',
          domain: 'orders',
          upstreamUri: 'amqp://u:${PW}@h/%2F',
          downstreamVhost: 'analytics',
        },
        {
          kind: 'shovel',
          domain: 'payments',
          upstreamUri: 'amqp://u:${PW}@h/%2F',
          downstreamVhost: 'analytics',
        },
      ],
    };
    expect(validateTopology(linked).errors).toEqual([]);
  });

  it('reports an event no one consumes as a warning, not an error', () => {
    const model: TopologyModel = {
      ...EXAMPLE_TOPOLOGY,
      domains: [...EXAMPLE_TOPOLOGY.domains, { name: 'shipping', publishes: ['shipment.sent'] }],
    };
    const { errors, warnings } = validateTopology(model);
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(isUnconsumedEventWarning(warnings[0])).toBe(true);
    expect(warnings[0]!.message).toBe(
      'domain "shipping": event "shipment.sent" is published but no consumer receives it',
    );
  });

  it('refuses to plan an invalid model, with every error in the message', () => {
    const bad = withConsumer({
      domain: 'orders',
      purpose: 'audit',
      bindings: [{ domain: 'nowhere', patterns: ['#'] }],
    });
    let thrown: unknown;
    try {
      planTopology(bad);
    } catch (e) {
      thrown = e;
    }
    expect(isInvalidTopologyError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain('refers to unknown domain "nowhere"');
  });
});

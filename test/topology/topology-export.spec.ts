import { type TopologyModel } from '@switchyard/messaging';
import { EXAMPLE_TOPOLOGY } from '@switchyard/examples';
import {
  exportDefinitions,
  maskUriPassword,
  matchesRabbitPasswordHash,
  planTopology,
  rabbitPasswordHash,
  renderMermaid,
} from '@switchyard/messaging/topology';

describe('password hashes the way RabbitMQ computes them', () => {
  it("matches the hash this broker stored for guest's password", () => {
    // Taken from GET /api/users/guest on the local RabbitMQ 3.10.8
    expect(matchesRabbitPasswordHash('guest', 'esUtC80frnhFbyvZt3KR/LOUuhKvvYmVJRWnFsmcwZjD+v3l')).toBe(true);
    expect(matchesRabbitPasswordHash('guesT', 'esUtC80frnhFbyvZt3KR/LOUuhKvvYmVJRWnFsmcwZjD+v3l')).toBe(
      false,
    );
  });

  it('salts every hash, so two exports never show the same string', () => {
    const a = rabbitPasswordHash('secret');
    const b = rabbitPasswordHash('secret');
    expect(a).not.toBe(b);
    expect(matchesRabbitPasswordHash('secret', a) && matchesRabbitPasswordHash('secret', b)).toBe(true);
  });
});

describe('exportDefinitions', () => {
  const linked: TopologyModel = {
    ...EXAMPLE_TOPOLOGY,
    domains: EXAMPLE_TOPOLOGY.domains.map((d) => (d.name === 'reporting' ? { ...d, vhost: 'analytics' } : d)),
    links: [
      {
        kind: 'federation',
        domain: 'orders',
        upstreamUri: 'amqp://fed:s3cret@eu-broker/%2F',
        downstreamVhost: 'analytics',
      },
      {
        kind: 'shovel',
        domain: 'payments',
        upstreamUri: 'amqp://fed:${FED_PW}@eu-broker/%2F',
        downstreamVhost: 'analytics',
      },
    ],
  };

  it('never writes a password in clear: users get salted hashes, link URIs get placeholders', () => {
    const defs = exportDefinitions(planTopology(linked), {
      env: { SWITCHYARD_ORDERS_PASSWORD: 'orders-pw' },
    });
    const json = JSON.stringify(defs);
    expect(json).not.toContain('orders-pw');
    expect(json).not.toContain('s3cret');
    expect(defs.parameters.map((p) => [p.name, p.value['uri'] ?? p.value['src-uri']])).toEqual([
      ['orders.upstream', 'amqp://fed:${SWITCHYARD_ORDERS_UPSTREAM_PASSWORD}@eu-broker/%2F'],
      ['payments.shovel', 'amqp://fed:${FED_PW}@eu-broker/%2F'],
    ]);
    const orders = defs.users.find((u) => u.name === 'orders')!;
    expect(matchesRabbitPasswordHash('orders-pw', orders.password_hash)).toBe(true);
    expect(defs.users.find((u) => u.name === 'payments')!.password_hash).toBe('');
    expect(defs.policies).toEqual([
      {
        vhost: 'analytics',
        name: 'orders.federation',
        pattern: '^orders\\.events$',
        'apply-to': 'exchanges',
        definition: { 'federation-upstream': 'orders.upstream' },
        priority: 10,
      },
    ]);
  });

  it('masks URI passwords in reports', () => {
    expect(maskUriPassword('uri: model "amqp://fed:s3cret@h/%2F"')).toBe('uri: model "amqp://fed:***@h/%2F"');
  });
});

describe('renderMermaid', () => {
  it('draws bindings with their patterns, the partitions, the retry and dead-letter paths and the links', () => {
    const lines = renderMermaid(planTopology(EXAMPLE_TOPOLOGY)).split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain(
      '  x_orders_events -- "order.placed<br/>order.shipped<br/>order.cancelled" --> q_payments_orders',
    );
    expect(lines).toContain('  x_orders_events -- "#35;" --> x_reporting_projections_partitions');
    expect(lines).toContain(
      '  x_reporting_projections_partitions -- "hash x-stream" --> q_reporting_projections_p3',
    );
    expect(lines).toContain('  q_notifications_sms_retry -. "TTL expired" .-> q_notifications_sms');
    expect(lines).toContain('  q_notifications_sms -. "dead-letter" .-> q_notifications_sms_dlq');
    expect(lines).toContain('  x_orders_events -. "unroutable" .-> x_orders_unroutable');
  });
});

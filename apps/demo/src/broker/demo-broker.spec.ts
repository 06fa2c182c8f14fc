import type { ManagedBinding } from '@switchyard/messaging/topology';
import { AUDIT_QUEUE } from '../demo.constants';
import { demoPlan, staleBindings } from './demo-broker';

const binding = (source: string, destination: string, routingKey: string): ManagedBinding => ({
  source,
  destination,
  routing_key: routingKey,
  destination_type: 'queue',
  vhost: 'v',
  arguments: {},
});

describe('staleBindings', () => {
  it("names the bindings the model does not declare, not the broker's own nor the audit queue's", () => {
    const plan = demoPlan({ vhost: 'v', userPrefix: 'demo-' });
    const planned = plan.bindings.map((b) => binding(b.source, b.destination, b.routingKey));
    const stale = binding('orders.events', 'notifications.push', 'order.shipped');
    expect(
      staleBindings(plan, [
        ...planned,
        stale,
        binding('', 'notifications.push', 'notifications.push'),
        binding('orders.events', AUDIT_QUEUE, '#'),
      ]),
    ).toEqual([stale]);
    expect(planned.length).toBeGreaterThan(5);
  });
});

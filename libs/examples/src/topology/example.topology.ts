import type { TopologyModel } from '@switchyard/messaging';

/**
 * The example system: orders and payments talk to each other, notifications fans out to push and SMS,
 * reporting reads everything in per-aggregate order through 4 partitions. The CLI's default model.
 */
export const EXAMPLE_TOPOLOGY: TopologyModel = {
  domains: [
    { name: 'orders', publishes: ['order.placed', 'order.confirmed', 'order.cancelled', 'order.shipped'] },
    {
      name: 'payments',
      publishes: ['payment.authorized', 'payment.captured', 'payment.failed', 'payment.refunded'],
    },
    { name: 'notifications', publishes: [] },
    { name: 'reporting', publishes: [] },
  ],
  consumers: [
    // The payments/orders choreography (docs/example-system.md): each queue is bound to exactly the
    // events its reactor handles, so nothing reaches it only to be dead-lettered as `no-handler`.
    {
      domain: 'payments',
      purpose: 'orders',
      bindings: [{ domain: 'orders', patterns: ['order.placed', 'order.shipped', 'order.cancelled'] }],
    },
    {
      domain: 'orders',
      purpose: 'payments',
      bindings: [{ domain: 'payments', patterns: ['payment.authorized', 'payment.failed'] }],
    },
    ...(['push', 'sms'] as const).map((purpose) => ({
      domain: 'notifications',
      purpose,
      prefetch: 32,
      bindings: [
        { domain: 'orders', patterns: ['order.placed', 'order.shipped'] },
        { domain: 'payments', patterns: ['payment.captured', 'payment.failed'] },
      ],
    })),
    {
      domain: 'reporting',
      purpose: 'projections',
      partitions: 4,
      bindings: [
        { domain: 'orders', patterns: ['#'] },
        { domain: 'payments', patterns: ['#'] },
      ],
    },
  ],
};

/** The domains of the example topology that publish events (each has an `<domain>.events` exchange to write to). */
export const EXAMPLE_PUBLISHING_DOMAINS: readonly string[] = EXAMPLE_TOPOLOGY.domains
  .filter((d) => d.publishes.length > 0)
  .map((d) => d.name);

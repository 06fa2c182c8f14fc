import type { TopologyModel } from '@switchyard/messaging';

/**
 * The example system: orders and payments talk to each other, notifications sends push and SMS (and keeps
 * each order's contact details for them), reporting reads everything in per-aggregate order through 4
 * partitions. The CLI's default model.
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
    // Each channel gets only the events it notifies about (the list); contacts keeps the push
    // token and phone number of each placed order, for the notifications about it that come later.
    {
      domain: 'notifications',
      purpose: 'push',
      prefetch: 32,
      bindings: [
        { domain: 'orders', patterns: ['order.placed'] },
        { domain: 'payments', patterns: ['payment.captured'] },
      ],
    },
    {
      domain: 'notifications',
      purpose: 'sms',
      prefetch: 32,
      bindings: [
        { domain: 'orders', patterns: ['order.shipped'] },
        { domain: 'payments', patterns: ['payment.failed'] },
      ],
    },
    {
      domain: 'reporting',
      purpose: 'projections',
      partitions: 4,
      bindings: [
        { domain: 'orders', patterns: ['#'] },
        { domain: 'payments', patterns: ['#'] },
      ],
    },
    {
      domain: 'notifications',
      purpose: 'contacts',
      prefetch: 32,
      bindings: [{ domain: 'orders', patterns: ['order.placed'] }],
    },
  ],
};

/** The domains of the example topology that publish events (each has an `<domain>.events` exchange to write to). */
export const EXAMPLE_PUBLISHING_DOMAINS: readonly string[] = EXAMPLE_TOPOLOGY.domains
  .filter((d) => d.publishes.length > 0)
  .map((d) => d.name);

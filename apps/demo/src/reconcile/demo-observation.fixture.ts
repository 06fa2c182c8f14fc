import type { DemoObservation, OrderOutcome, StoredEvent } from '../run/demo-observation';
import { expectedEventCounts } from './expected-reactions';

/** The events a quiet system stores for the orders (one of each expected), committed 10 ms apart. */
export function eventsFor(orders: readonly OrderOutcome[]): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (const o of orders) {
    let t = 1_000 * o.index;
    for (const [type, n] of Object.entries(expectedEventCounts(o))) {
      for (let i = 0; i < n; i++) {
        out.push({
          eventId: `${o.orderId}:${type}:${i}`,
          type,
          stream: `s-${o.orderId}`,
          orderId: o.orderId,
          committedAt: (t += 10),
        });
      }
    }
  }
  return out;
}

/** An observation of a run that reconciles: four orders, one of each scenario. */
export function reconcilingObservation(overrides: Partial<DemoObservation> = {}): DemoObservation {
  const orders: OrderOutcome[] = [
    { index: 0, scenario: 'ship', orderId: 'o-0', placed: true, shipped: true, cancelledByCustomer: false },
    { index: 1, scenario: 'keep', orderId: 'o-1', placed: true, shipped: false, cancelledByCustomer: false },
    { index: 2, scenario: 'cancel', orderId: 'o-2', placed: true, shipped: false, cancelledByCustomer: true },
    {
      index: 3,
      scenario: 'decline',
      orderId: 'o-3',
      placed: true,
      shipped: false,
      cancelledByCustomer: false,
    },
  ];
  const storedEvents = eventsFor(orders);
  return {
    orders,
    commands: orders.map((o) => ({
      kind: 'place' as const,
      orderIndex: o.index,
      orderId: o.orderId,
      expected: 'accepted' as const,
      status: 201,
      attempts: 1,
      sentAt: 0,
      answeredAt: 1,
    })),
    storedEvents,
    commits: storedEvents.length,
    undispatchedCommits: 0,
    publishedMessageIds: storedEvents.map((e) => e.eventId),
    queues: [],
    connections: [
      { user: 'demo-orders', name: 'switchyard-api' },
      { user: 'guest', name: 'switchyard-demo (operator)' },
    ],
    domainUsers: ['demo-orders', 'demo-payments'],
    operatorConnectionName: 'switchyard-demo (operator)',
    deadLetters: [],
    expectedDeadLetters: [],
    loadMs: 1_000,
    settleMs: 500,
    ...overrides,
  };
}

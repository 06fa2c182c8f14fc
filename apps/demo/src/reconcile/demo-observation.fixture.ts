import type {
  AcceptedNotification,
  DeadLetterCount,
  DemoObservation,
  OrderOutcome,
  StoredEvent,
} from '../run/demo-observation';
import { expectedDeadLetters, expectedNotifications } from './expected-notifications';
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
          data: { orderId: o.orderId, carrier: 'DHL', trackingNumber: `TRK-${o.index}`, reason: 'declined' },
        });
      }
    }
  }
  return out;
}

/**
 * An observation of a run that reconciles: four orders, one of each scenario. Their notifications: o-0
 * (shipped) gets two pushes and an SMS, all accepted; o-1 has an unregistered push token (its push is
 * dead-lettered `fcm:UNREGISTERED`); o-2 has no push token (skipped); o-3 (declined) has a number the fake
 * refuses (its SMS is dead-lettered `twilio:21211`). The 503 burst refused 2 requests, retried.
 */
export function reconcilingObservation(overrides: Partial<DemoObservation> = {}): DemoObservation {
  const orders: OrderOutcome[] = [
    {
      index: 0,
      scenario: 'ship',
      contact: { pushToken: 'device-0', phone: '+4915100000000' },
      orderId: 'o-0',
      placed: true,
      shipped: true,
      cancelledByCustomer: false,
    },
    {
      index: 1,
      scenario: 'keep',
      contact: { pushToken: 'unregistered-1', phone: '+4915100000001' },
      orderId: 'o-1',
      placed: true,
      shipped: false,
      cancelledByCustomer: false,
    },
    {
      index: 2,
      scenario: 'cancel',
      contact: { phone: '+4915100000002' },
      orderId: 'o-2',
      placed: true,
      shipped: false,
      cancelledByCustomer: true,
    },
    {
      index: 3,
      scenario: 'decline',
      contact: { pushToken: 'device-3', phone: '+15550000003' },
      orderId: 'o-3',
      placed: true,
      shipped: false,
      cancelledByCustomer: false,
    },
  ];
  const storedEvents = eventsFor(orders);
  const notifications = expectedNotifications(orders, storedEvents);
  const deadLetterExpectations = expectedDeadLetters(notifications);
  const acceptedNotifications: AcceptedNotification[] = notifications
    .filter((n) => n.outcome === 'accepted')
    .map((n) => ({
      key: n.providerKey!,
      provider: n.channel === 'push' ? ('fcm' as const) : ('twilio' as const),
      acceptedAt: storedEvents.find((e) => e.eventId === n.eventId)!.committedAt + 50,
    }));
  const deadLetters: DeadLetterCount[] = deadLetterExpectations.map((d) => ({
    queue: d.queue,
    reason: d.reasons[0]!,
    count: 1,
    messageIds: [d.messageId],
  }));
  return {
    orders,
    commands: orders.flatMap((o) => [
      {
        kind: 'place' as const,
        orderIndex: o.index,
        orderId: o.orderId,
        expected: 'accepted' as const,
        status: 201,
        attempts: 1,
        sentAt: 1_000 * o.index,
        answeredAt: 1_000 * o.index + 1,
      },
      ...(o.shipped
        ? [
            {
              kind: 'ship' as const,
              orderIndex: o.index,
              orderId: o.orderId,
              expected: 'accepted' as const,
              status: 200,
              attempts: 1,
              sentAt: 1_000 * o.index + 40,
              answeredAt: 1_000 * o.index + 41,
            },
          ]
        : []),
    ]),
    storedEvents,
    commits: storedEvents.length,
    undispatchedCommits: 0,
    publishedMessageIds: storedEvents.map((e) => e.eventId),
    queues: [
      {
        name: 'notifications.push.retry.1s',
        published: 2,
        delivered: 2,
        redelivered: 0,
        ready: 0,
        unacked: 0,
      },
    ],
    connections: [
      { user: 'demo-orders', name: 'switchyard-api' },
      { user: 'demo-notifications', name: 'notifications-worker-notifications-1' },
      { user: 'guest', name: 'switchyard-demo (operator)' },
    ],
    domainUsers: ['demo-orders', 'demo-payments', 'demo-notifications'],
    operatorConnectionName: 'switchyard-demo (operator)',
    deadLetters,
    expectedDeadLetters: deadLetterExpectations,
    acceptedNotifications,
    duplicateNotificationKeys: [],
    notificationRecords: notifications
      .filter((n) => n.outcome !== 'dead-letter')
      .map((n, i) => ({
        notificationId: n.id,
        status: n.outcome === 'skipped' ? ('skipped' as const) : ('sent' as const),
        template: n.template,
        worker: `notifications-${1 + (i % 2)}`,
        attempt: i === 0 ? 2 : 1,
      })),
    providerBurst: { atOrder: 2, count: 2, status: 503, retryAfterSeconds: 1, injected: 2 },
    projections: ['order-summary', 'customer-orders', 'merchant-daily-totals'].map((name, i) => ({
      name,
      state: 'live' as const,
      collection: `${name.replace(/-/g, '_')}_v1`,
      position: storedEvents.length,
      head: storedEvents.length,
      lagEvents: 0,
      lagSeconds: 0,
      documents: orders.length - i,
      expectedDocuments: orders.length - i,
      events: storedEvents.length,
      differences: 0,
      differing: [],
    })),
    loadMs: 1_000,
    settleMs: 500,
    ...overrides,
  };
}

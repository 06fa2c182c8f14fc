import { reconcilingObservation } from './demo-observation.fixture';
import { expectedEventCounts } from './expected-reactions';
import { reconcile } from './reconcile';

const failed = (o: Parameters<typeof reconcile>[0]) =>
  reconcile(o)
    .results.filter((r) => !r.ok)
    .map((r) => ({ name: r.name, differences: r.differences }));

describe('reconcile', () => {
  it('passes a run where every count matches', () => {
    const result = reconcile(reconcilingObservation());
    expect(result.results.map((r) => [r.name, r.ok])).toEqual([
      ['apps connect as their domain users', true],
      ['commands answered as expected', true],
      ['events stored = events published', true],
      ['each reaction happened exactly once', true],
      ['each notification accepted by the provider exactly once', true],
      ['dead letters as expected', true],
      ['read models = a recomputation from the store', true],
    ]);
    expect(result.ok).toBe(true);
  });

  it('expects per scenario: a decline fails and cancels, a cancellation refunds, a shipment captures', () => {
    const [ship, keep, cancel, decline] = reconcilingObservation().orders;
    expect(expectedEventCounts(ship!)).toMatchObject({
      'payment.authorized': 1,
      'order.shipped': 1,
      'payment.captured': 1,
      'payment.refunded': 0,
    });
    expect(expectedEventCounts(keep!)).toMatchObject({
      'order.confirmed': 1,
      'order.cancelled': 0,
      'payment.captured': 0,
    });
    expect(expectedEventCounts(cancel!)).toMatchObject({ 'order.cancelled': 1, 'payment.refunded': 1 });
    expect(expectedEventCounts(decline!)).toMatchObject({
      'payment.failed': 1,
      'payment.authorized': 0,
      'order.confirmed': 0,
      'order.cancelled': 1,
      'payment.refunded': 0,
    });
  });

  it('names the order whose reaction happened twice, or not at all', () => {
    const o = reconcilingObservation();
    const events = [
      ...o.storedEvents.filter((e) => !(e.orderId === 'o-0' && e.type === 'payment.captured')),
      {
        ...o.storedEvents.find((e) => e.orderId === 'o-2' && e.type === 'payment.refunded')!,
        eventId: 'dup',
      },
    ];
    expect(failed({ ...o, storedEvents: events, publishedMessageIds: events.map((e) => e.eventId) })).toEqual(
      [
        {
          name: 'each reaction happened exactly once',
          differences: [
            'order o-0: payment.captured expected 1, stored 0',
            'order o-2: payment.refunded expected 1, stored 2',
          ],
        },
        {
          // and the push about the capture that never was is one the provider should not have accepted
          name: 'each notification accepted by the provider exactly once',
          differences: [
            'fcm:notifications.push:o-0:payment.captured:0: accepted by the provider, not expected',
          ],
        },
      ],
    );
  });

  it('names events stored but never published, published but not stored, and undispatched commits; duplicates pass', () => {
    const o = reconcilingObservation();
    const ids = o.storedEvents.map((e) => e.eventId);
    expect(
      failed({ ...o, publishedMessageIds: [...ids.slice(1), ids[1]!, 'ghost'], undispatchedCommits: 2 }),
    ).toEqual([
      {
        name: 'events stored = events published',
        differences: [
          `${ids[0]}: stored, never published`,
          'ghost: published, not in the store',
          '2 commit(s) not marked dispatched',
        ],
      },
    ]);
    expect(reconcile({ ...o, publishedMessageIds: [...ids, ids[0]!] }).ok).toBe(true);
  });

  it('names a command answered otherwise than expected, and an unexpected dead letter', () => {
    const o = reconcilingObservation();
    const commands = [
      ...o.commands,
      {
        kind: 'ship-declined' as const,
        orderIndex: 3,
        orderId: 'o-3',
        expected: 'rejected' as const,
        status: 200,
        attempts: 1,
        sentAt: 0,
        answeredAt: 1,
      },
    ];
    const deadLetters = [
      ...o.deadLetters,
      { queue: 'payments.orders.dlq', reason: 'max-attempts', count: 1, messageIds: ['m-1'] },
    ];
    expect(failed({ ...o, commands, deadLetters })).toEqual([
      {
        name: 'commands answered as expected',
        differences: ['order o-3: ship-declined expected rejected, got 200'],
      },
      {
        name: 'dead letters as expected',
        differences: ['payments.orders.dlq m-1: unexpected (max-attempts)'],
      },
    ]);
  });

  it('fails when an app connects as guest', () => {
    const o = reconcilingObservation();
    const connections = [...o.connections, { user: 'guest', name: 'switchyard-payments' }];
    expect(failed({ ...o, connections })).toEqual([
      {
        name: 'apps connect as their domain users',
        differences: ['connection "switchyard-payments": logged in as guest'],
      },
    ]);
  });

  it('names a read model that differs from the recomputation, one behind the head, and a run without projections', () => {
    const o = reconcilingObservation();
    const [summary, customers, ...rest] = o.projections;
    const projections = [
      { ...summary!, differences: 2, differing: ['o-1 differs', 'o-9 not expected'] },
      { ...customers!, state: 'catching-up' as const, position: 3, lagEvents: 200 },
      ...rest,
    ];
    expect(failed({ ...o, projections })).toEqual([
      {
        name: 'read models = a recomputation from the store',
        differences: [
          'order-summary: 2 document(s) differ from the recomputation: o-1 differs, o-9 not expected',
          `customer-orders: catching-up at position 3 of ${customers!.head}`,
        ],
      },
    ]);
    expect(failed({ ...o, projections: [] })).toEqual([
      {
        name: 'read models = a recomputation from the store',
        differences: ['no projection observed (no projections worker ran?)'],
      },
    ]);
  });
});

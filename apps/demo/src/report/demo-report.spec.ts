import { reconcilingObservation } from '../reconcile/demo-observation.fixture';
import { reconcile } from '../reconcile/reconcile';
import { formatDemoReport, type ReportContext } from './demo-report';
import { reactionLatencies } from './reaction-latencies';

const CTX: ReportContext = {
  managementUrl: 'http://127.0.0.1:15672',
  vhost: 'switchyard-demo',
  database: 'switchyard_demo',
  users: ['demo-orders', 'demo-payments'],
  apps: ['api-1', 'payments-service'],
  auditQueue: 'demo.audit',
  logDir: '.demo/logs',
  rate: 50,
};

describe('formatDemoReport', () => {
  it('shows the counts, where to look, and RECONCILED when every check passed', () => {
    const o = reconcilingObservation();
    const text = formatDemoReport(o, reconcile(o).results, CTX).join('\n');
    expect(text).toContain('Switchyard demo: 4 orders at 50/s');
    expect(text).toMatch(/ {2}order\.placed +4\n/);
    expect(text).toMatch(/ {2}payment\.failed +1\n/);
    expect(text).toContain('Events published: 16 (seen on demo.audit');
    expect(text).toContain('http://127.0.0.1:15672/#/queues/switchyard-demo');
    expect(text).toContain('demo-orders: switchyard-api');
    expect(text.trim().split('\n').at(-1)).toBe('RECONCILED: every count matches');
  });

  it('lists what differs under a failed check, and says NOT RECONCILED', () => {
    const o = reconcilingObservation({ undispatchedCommits: 3 });
    const lines = formatDemoReport(o, reconcile(o).results, CTX);
    expect(lines).toContain('         3 commit(s) not marked dispatched');
    expect(lines.at(-1)).toBe('NOT RECONCILED: events stored = events published');
  });
});

describe('reactionLatencies', () => {
  it('measures each hop from the command event to the first reaction event of the same order', () => {
    const [placed, shipped] = reactionLatencies([
      { eventId: '1', type: 'order.placed', stream: 's', orderId: 'a', committedAt: 100 },
      { eventId: '2', type: 'payment.authorized', stream: 'p', orderId: 'a', committedAt: 130 },
      { eventId: '3', type: 'order.confirmed', stream: 's', orderId: 'a', committedAt: 160 },
      { eventId: '4', type: 'order.shipped', stream: 's', orderId: 'a', committedAt: 500 },
      { eventId: '5', type: 'payment.captured', stream: 'p', orderId: 'a', committedAt: 540 },
      { eventId: '6', type: 'order.placed', stream: 't', orderId: 'b', committedAt: 100 },
    ]);
    expect(placed!.ms).toEqual([60]);
    expect(shipped!.ms).toEqual([40]);
  });
});

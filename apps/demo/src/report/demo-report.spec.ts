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

  it('shows the notifications per channel and template, the workers, the burst, retries and latencies', () => {
    const o = reconcilingObservation();
    const lines = formatDemoReport(o, reconcile(o).results, CTX);
    const at = lines.indexOf('Notifications, per channel and template (accepted: by the provider fake)');
    expect(lines.slice(at + 1, at + 6).map((l) => l.trim().split(/ {2,}/))).toEqual([
      ['channel', 'template', 'expected', 'accepted', 'dead-lettered', 'skipped'],
      ['push', 'order-placed', '4', '2', '1', '1'],
      ['push', 'payment-captured', '1', '1', '0', '0'],
      ['SMS', 'order-shipped', '1', '1', '0', '0'],
      ['SMS', 'payment-failed', '1', '0', '1', '0'],
    ]);
    const text = lines.join('\n');
    expect(text).toContain(
      'accepted by the provider: 4 (FCM 3, Twilio 1); accepted again: 0; not expected: 0',
    );
    expect(text).toContain('sent by worker: notifications-1 3, notifications-2 1');
    expect(text).toContain('provider 503 burst before order 2: 2 of 2 requests refused (Retry-After 1 s)');
    expect(text).toContain(
      'notifications.push 2, notifications.sms 0, notifications.contacts 0; sent after a retry: 1',
    );
    // the order-placed pushes were accepted 50 ms after their events, committed 10 and 20 ms after the POST
    expect(text).toContain('POST /orders → push order-placed: 60 ms / 60 ms / 2');
    expect(text).toContain('notifications.push.dlq  fcm:UNREGISTERED: 1');
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

  it("shows each projection's lag at the end and command → read model visible per kind", () => {
    const o = reconcilingObservation({
      readModelLatencies: {
        source: 'the order-summary collection',
        byKind: { place: [40, 80], ship: [30] },
        neverSeen: 1,
      },
    });
    const text = formatDemoReport(o, reconcile(o).results, CTX).join('\n');
    expect(text).toMatch(
      /\n {2}order-summary +live +order_summary_v1 +position 16 of 16, lag 0 events \/ 0\.0 s, 4 documents\n/,
    );
    expect(text).toContain('place → order summary shows it: 40 ms / 80 ms / 2');
    expect(text).toContain('ship → order summary shows it: 30 ms / 30 ms / 1');
    expect(text).not.toContain('cancel → order summary');
    expect(text).toContain('never visible before the run was quiet: 1');
    expect(formatDemoReport({ ...o, projections: [] }, [], CTX).join('\n')).toContain(
      'Projections: none in this run',
    );
  });
});

import { topologyNames } from '@switchyard/messaging';
import { NOTIFICATION_QUEUES } from '@switchyard/notifications';
import { expectedNotifications } from '../reconcile/expected-notifications';
import type { DemoObservation } from '../run/demo-observation';
import { notificationLatencies } from './notification-latencies';
import { formatLatencies } from './percentiles';

const COMMAND_LABEL = { place: 'POST /orders', ship: 'ship' } as const;

/**
 * The report's notification lines: per channel and template what the load called for and what became of
 * it (accepted by the provider, dead-lettered, skipped), which worker sent how many, the 503 burst and the
 * retries, and command → notification accepted latencies.
 */
export function notificationLines(o: DemoObservation): string[] {
  const expected = expectedNotifications(o.orders, o.storedEvents);
  const acceptedKeys = new Set(o.acceptedNotifications.map((a) => a.key));
  const deadLettered = new Set(o.deadLetters.flatMap((d) => d.messageIds.map((id) => `${d.queue} ${id}`)));
  const skipped = new Set(
    o.notificationRecords.filter((r) => r.status === 'skipped').map((r) => r.notificationId),
  );
  const widths = [8, 18, 9, 9, 14, 8];
  const row = (cells: readonly (string | number)[]) =>
    cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
  const lines = [
    'Notifications, per channel and template (accepted: by the provider fake)',
    `  ${row(['channel', 'template', 'expected', 'accepted', 'dead-lettered', 'skipped'])}`,
  ];
  const groups = new Map<string, typeof expected>();
  for (const n of expected) {
    const k = `${n.channel} ${n.template}`;
    groups.set(k, [...(groups.get(k) ?? []), n]);
  }
  for (const [k, ns] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [channel, template] = k.split(' ');
    lines.push(
      `  ${row([
        channel === 'sms' ? 'SMS' : channel!,
        template!,
        ns.length,
        ns.filter((n) => n.providerKey !== undefined && acceptedKeys.has(n.providerKey)).length,
        ns.filter((n) => deadLettered.has(`${topologyNames.deadLetterQueue(n.queue)} ${n.eventId}`)).length,
        ns.filter((n) => skipped.has(n.id)).length,
      ])}`,
    );
  }
  const known = new Set(expected.map((n) => n.providerKey));
  const unexpected = o.acceptedNotifications.filter((a) => !known.has(a.key)).length;
  lines.push(
    `  accepted by the provider: ${o.acceptedNotifications.length} (FCM ${o.acceptedNotifications.filter((a) => a.provider === 'fcm').length}, Twilio ${o.acceptedNotifications.filter((a) => a.provider === 'twilio').length}); accepted again: ${o.duplicateNotificationKeys.length}; not expected: ${unexpected}`,
  );
  const sent = o.notificationRecords.filter((r) => r.status === 'sent');
  const byWorker = new Map<string, number>();
  for (const r of sent) byWorker.set(r.worker, (byWorker.get(r.worker) ?? 0) + 1);
  lines.push(
    `  sent by worker: ${
      [...byWorker]
        .sort()
        .map(([w, n]) => `${w} ${n}`)
        .join(', ') || 'none'
    }`,
  );
  const retried = (q: string) =>
    o.queues.filter((x) => x.name.startsWith(`${q}.retry.`)).reduce((n, x) => n + x.published, 0);
  const burst = o.providerBurst;
  if (burst) {
    lines.push(
      `  provider ${burst.status} burst before order ${burst.atOrder}: ${burst.injected} of ${burst.count} requests refused (Retry-After ${burst.retryAfterSeconds} s)`,
    );
  }
  lines.push(
    `  retries (messages sent to a retry tier): ${NOTIFICATION_QUEUES.push} ${retried(NOTIFICATION_QUEUES.push)}, ${NOTIFICATION_QUEUES.sms} ${retried(NOTIFICATION_QUEUES.sms)}, ${NOTIFICATION_QUEUES.contacts} ${retried(NOTIFICATION_QUEUES.contacts)}; sent after a retry: ${sent.filter((r) => r.attempt > 1).length}`,
    '',
    'Command → notification accepted by the provider (p50 / p99 / n)',
  );
  for (const l of notificationLatencies(expected, o.acceptedNotifications, o.commands)) {
    if (l.ms.length === 0) continue;
    lines.push(
      `  ${COMMAND_LABEL[l.command]} → ${l.channel === 'sms' ? 'SMS' : l.channel} ${l.template}: ${formatLatencies(l.ms)}`,
    );
  }
  return lines;
}

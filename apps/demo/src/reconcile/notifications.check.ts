import { NOTIFICATION_QUEUES } from '@switchyard/notifications';
import type { DemoObservation } from '../run/demo-observation';
import { expectedNotifications } from './expected-notifications';
import type { ReconcileCheck } from './reconcile-check';

/**
 * Each notification the load calls for reached the provider as it should (expected-notifications.ts):
 * accepted by the provider fake exactly once (its key recorded once, never again as a duplicate), skipped
 * (recorded by the worker as skipped) when the order has no push token, and nothing else accepted. Its
 * dead letters (UNREGISTERED, 21211) are the dead-letters check's. The provider 503 burst: every
 * injected failure was answered, and retried (a message sent to a retry tier of a notifications queue
 * for each, at least).
 */
export const notificationsCheck: ReconcileCheck = {
  name: 'each notification accepted by the provider exactly once',
  run(o) {
    const expected = expectedNotifications(o.orders, o.storedEvents);
    const toAccept = expected.filter((n) => n.outcome === 'accepted');
    const accepted = new Set(o.acceptedNotifications.map((a) => a.key));
    const duplicates = new Map<string, number>();
    for (const k of o.duplicateNotificationKeys) duplicates.set(k, (duplicates.get(k) ?? 0) + 1);
    const differences: string[] = [];
    for (const n of toAccept) {
      const what = `${n.id} (${n.channel} ${n.template}, order ${n.orderId})`;
      if (!accepted.has(n.providerKey!)) differences.push(`${what}: never accepted by the provider`);
      else if (duplicates.has(n.providerKey!))
        differences.push(`${what}: accepted ${1 + duplicates.get(n.providerKey!)!} times`);
    }
    const keys = new Set(toAccept.map((n) => n.providerKey));
    for (const a of o.acceptedNotifications)
      if (!keys.has(a.key)) differences.push(`${a.key}: accepted by the provider, not expected`);
    const skipped = new Set(
      o.notificationRecords.filter((r) => r.status === 'skipped').map((r) => r.notificationId),
    );
    const toSkip = expected.filter((n) => n.outcome === 'skipped');
    for (const n of toSkip)
      if (!skipped.has(n.id))
        differences.push(`${n.id} (order ${n.orderId}, no push token): not recorded as skipped`);
    const skipIds = new Set(toSkip.map((n) => n.id));
    for (const id of skipped) if (!skipIds.has(id)) differences.push(`${id}: skipped, not expected to be`);
    differences.push(...burstDifferences(o));

    const once = toAccept.filter((n) => accepted.has(n.providerKey!) && !duplicates.has(n.providerKey!));
    const perChannel = (c: string) => once.filter((n) => n.channel === c).length;
    const burst = o.providerBurst ? `, the 503 burst retried (${o.providerBurst.injected} refused)` : '';
    return {
      name: this.name,
      ok: differences.length === 0,
      summary: `${once.length} of ${toAccept.length} accepted once (push ${perChannel('push')}, SMS ${perChannel('sms')}), ${toSkip.length} skipped without a push token${burst}`,
      differences,
    };
  },
};

/** Notification retries during the run: messages sent to the retry tiers of the push and SMS queues. */
export function notificationRetries(o: Pick<DemoObservation, 'queues'>): number {
  const prefixes = [NOTIFICATION_QUEUES.push, NOTIFICATION_QUEUES.sms].map((q) => `${q}.retry.`);
  return o.queues
    .filter((q) => prefixes.some((p) => q.name.startsWith(p)))
    .reduce((n, q) => n + q.published, 0);
}

function burstDifferences(o: DemoObservation): string[] {
  const burst = o.providerBurst;
  if (!burst) return [];
  const out: string[] = [];
  if (burst.injected !== burst.count)
    out.push(`provider 503 burst: ${burst.injected} of ${burst.count} requests answered 503`);
  const retries = notificationRetries(o);
  if (retries < burst.injected)
    out.push(`provider 503 burst: ${burst.injected} requests refused, only ${retries} retries`);
  return out;
}

import {
  FAKE_ACCEPTED_COLLECTION,
  FAKE_DUPLICATES_COLLECTION,
  NOTIFICATIONS_SENT_COLLECTION,
  type FakeAcceptedNotification,
  type ProviderFakeCounters,
  type SentNotification,
} from '@switchyard/notifications';
import type { Db } from 'mongodb';
import { DemoSetupError } from '../errors/demo-setup.error';
import type { ProviderBurst } from '../load/load-plan';
import type { AcceptedNotification, NotificationRecord } from './demo-observation';

/** What the provider fake accepted: one document per notification key, and the keys accepted again. */
export async function readProviderAcceptances(
  db: Db,
): Promise<{ accepted: AcceptedNotification[]; duplicateKeys: string[] }> {
  const [accepted, duplicates] = await Promise.all([
    db
      .collection<FakeAcceptedNotification>(FAKE_ACCEPTED_COLLECTION)
      .find({}, { projection: { _id: 1, provider: 1, acceptedAt: 1 } })
      .toArray(),
    db
      .collection<{ key: string }>(FAKE_DUPLICATES_COLLECTION)
      .find({}, { projection: { key: 1 } })
      .toArray(),
  ]);
  return {
    accepted: accepted.map((a) => ({
      key: a._id,
      provider: a.provider,
      acceptedAt: new Date(a.acceptedAt).getTime(),
    })),
    duplicateKeys: duplicates.map((d) => d.key),
  };
}

/** The notifications worker's records (`notifications_sent`), the fields the report and the checks read. */
export async function readNotificationRecords(db: Db): Promise<NotificationRecord[]> {
  const rows = await db
    .collection<SentNotification>(NOTIFICATIONS_SENT_COLLECTION)
    .find({}, { projection: { notificationId: 1, status: 1, template: 1, worker: 1, attempt: 1 } })
    .toArray();
  return rows.map((r) => ({
    notificationId: r.notificationId,
    status: r.status,
    template: r.template,
    worker: r.worker,
    attempt: r.attempt,
  }));
}

/**
 * Tells the provider fake to answer the next `burst.count` requests with 503 (`POST /control/fail-next`).
 * @throws DemoSetupError when the fake refuses
 */
export async function startProviderBurst(fakeUrl: string, burst: ProviderBurst): Promise<void> {
  const res = await fetch(`${fakeUrl}/control/fail-next`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      count: burst.count,
      status: burst.status,
      retryAfterSeconds: burst.retryAfterSeconds,
      provider: 'any',
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok)
    throw new DemoSetupError(`the provider fake refused the 503 burst: ${res.status} ${await res.text()}`);
}

/** The provider fake's counters since it started (`GET /control/counters`). */
export async function providerFakeCounters(fakeUrl: string): Promise<ProviderFakeCounters> {
  const res = await fetch(`${fakeUrl}/control/counters`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as ProviderFakeCounters;
}

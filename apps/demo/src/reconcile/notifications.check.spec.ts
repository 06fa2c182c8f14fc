import { reconcilingObservation } from './demo-observation.fixture';
import { deadLettersCheck } from './dead-letters.check';
import { notificationsCheck } from './notifications.check';

describe('notificationsCheck', () => {
  const o = reconcilingObservation();

  it('passes when each expected notification was accepted once and the skipped one recorded as skipped', () => {
    expect(notificationsCheck.run(o)).toMatchObject({
      ok: true,
      summary:
        '4 of 4 accepted once (push 3, SMS 1), 1 skipped without a push token, the 503 burst retried (2 refused)',
      differences: [],
    });
  });

  it('names a notification never accepted, one accepted twice, and one accepted that no event calls for', () => {
    const [first, second, ...rest] = o.acceptedNotifications;
    const result = notificationsCheck.run({
      ...o,
      acceptedNotifications: [
        second!,
        ...rest,
        { key: 'fcm:notifications.push:ghost', provider: 'fcm', acceptedAt: 1 },
      ],
      duplicateNotificationKeys: [second!.key],
    });
    expect(result.ok).toBe(false);
    expect(result.differences).toEqual([
      `notifications.push:o-0:order.placed:0 (push order-placed, order o-0): never accepted by the provider`,
      `notifications.sms:o-0:order.shipped:0 (sms order-shipped, order o-0): accepted 2 times`,
      'fcm:notifications.push:ghost: accepted by the provider, not expected',
    ]);
    expect(first!.key).toBe('fcm:notifications.push:o-0:order.placed:0');
  });

  it('names a skip the worker did not record, and a burst not all answered or not retried', () => {
    const result = notificationsCheck.run({
      ...o,
      notificationRecords: o.notificationRecords.filter((r) => r.status !== 'skipped'),
      providerBurst: { ...o.providerBurst!, count: 5, injected: 4 },
    });
    expect(result.differences).toEqual([
      'notifications.push:o-2:order.placed:0 (order o-2, no push token): not recorded as skipped',
      'provider 503 burst: 4 of 5 requests answered 503',
      'provider 503 burst: 4 requests refused, only 2 retries',
    ]);
  });
});

describe('deadLettersCheck', () => {
  const o = reconcilingObservation();
  const withPush = (reason: string, messageIds: string[]) => [
    ...o.deadLetters.filter((d) => d.queue !== 'notifications.push.dlq'),
    { queue: 'notifications.push.dlq', reason, count: messageIds.length, messageIds },
  ];

  it('takes an unregistered token dead-lettered by the provider or by its mark', () => {
    expect(deadLettersCheck.run(o).ok).toBe(true);
    expect(
      deadLettersCheck.run({ ...o, deadLetters: withPush('unregistered', ['o-1:order.placed:0']) }).ok,
    ).toBe(true);
  });

  it('names a dead letter with the wrong reason, one dead-lettered twice, and one missing', () => {
    expect(
      deadLettersCheck.run({ ...o, deadLetters: withPush('max-attempts', ['o-1:order.placed:0']) })
        .differences,
    ).toEqual([
      'notifications.push.dlq o-1:order.placed:0: dead-lettered as max-attempts, expected fcm:UNREGISTERED or unregistered',
    ]);
    expect(
      deadLettersCheck.run({
        ...o,
        deadLetters: withPush('fcm:UNREGISTERED', ['o-1:order.placed:0', 'o-1:order.placed:0']),
      }).differences,
    ).toEqual(['notifications.push.dlq o-1:order.placed:0: dead-lettered 2 times']);
    expect(
      deadLettersCheck.run({
        ...o,
        deadLetters: o.deadLetters.filter((d) => d.queue !== 'notifications.sms.dlq'),
      }).differences,
    ).toEqual(['notifications.sms.dlq o-3:payment.failed:0: expected (twilio:21211), not dead-lettered']);
  });
});

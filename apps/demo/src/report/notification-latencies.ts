import type { ExpectedNotification, NotificationCommand } from '../reconcile/expected-notifications';
import type { AcceptedNotification, CommandRecord } from '../run/demo-observation';

/** Per channel and template, the latencies (ms) from the command to the provider's acceptance. */
export interface NotificationLatency {
  readonly channel: 'push' | 'sms';
  readonly template: string;
  readonly command: NotificationCommand;
  readonly ms: number[];
}

/**
 * From the command the notification follows (`POST /orders` for `order-placed` and `payment-failed`,
 * `POST /orders/:id/ship` for `payment-captured` and `order-shipped`: first sent) to the moment the
 * provider fake accepted it, for every expected notification it accepted. Same machine, same clock.
 */
export function notificationLatencies(
  expected: readonly ExpectedNotification[],
  accepted: readonly AcceptedNotification[],
  commands: readonly CommandRecord[],
): NotificationLatency[] {
  const acceptedAt = new Map(accepted.map((a) => [a.key, a.acceptedAt]));
  const sentAt = new Map<string, number>();
  for (const c of commands) {
    if ((c.kind !== 'place' && c.kind !== 'ship') || c.orderId === undefined) continue;
    const k = `${c.kind} ${c.orderId}`;
    sentAt.set(k, Math.min(sentAt.get(k) ?? Infinity, c.sentAt));
  }
  const out = new Map<string, NotificationLatency>();
  for (const n of expected) {
    const at = n.providerKey === undefined ? undefined : acceptedAt.get(n.providerKey);
    const from = sentAt.get(`${n.command} ${n.orderId}`);
    const k = `${n.channel} ${n.template}`;
    const row = out.get(k) ?? { channel: n.channel, template: n.template, command: n.command, ms: [] };
    out.set(k, row);
    if (at !== undefined && from !== undefined) row.ms.push(at - from);
  }
  return [...out.values()].sort(
    (a, b) => a.channel.localeCompare(b.channel) || a.template.localeCompare(b.template),
  );
}

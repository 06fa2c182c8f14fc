/**
 * A recipient fit for logs and records: the first and last characters of a push token or phone number,
 * the rest hidden (`+49…678`, `fcm-tok…xyz`).
 */
export function maskRecipient(recipient: string): string {
  if (recipient.length <= 8) return `${recipient.slice(0, 2)}…`;
  return `${recipient.slice(0, recipient.startsWith('+') ? 3 : 6)}…${recipient.slice(-3)}`;
}

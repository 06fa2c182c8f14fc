import type { OutboxParking } from './outbox-ports';

/**
 * Why a commit is parked, in one line: the broker's reply code and text when it gave them
 * (`404 NOT_FOUND - no exchange 'x.events' in vhost '/'`), else the error; then the attempts.
 */
export function describeParking(parking: OutboxParking): string {
  const said =
    parking.replyCode !== undefined
      ? [parking.replyCode, parking.replyText].filter((p) => p !== undefined && p !== '').join(' ')
      : parking.reason;
  return `${said} (${parking.attempts} attempt${parking.attempts === 1 ? '' : 's'})`;
}

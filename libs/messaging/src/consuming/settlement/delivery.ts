import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { AttemptLease } from '../retry/attempt-lease';

/** One message received, with the channel it must be settled on. */
export interface Delivery {
  readonly msg: ConsumeMessage;
  readonly channel: ConfirmChannel;
  settled: boolean;
  /** The attempt under way, if one is; shutdown expires it when it gives up on the delivery. */
  lease?: AttemptLease;
}

// Settles once, on the channel it came from; after a reconnect the broker has requeued it already.
export function settleDelivery(d: Delivery, how: 'ack' | 'requeue'): void {
  if (d.settled) return;
  d.settled = true;
  try {
    if (how === 'ack') d.channel.ack(d.msg);
    else d.channel.nack(d.msg, false, true);
  } catch {
    // channel closed: the broker requeues the message itself
  }
}

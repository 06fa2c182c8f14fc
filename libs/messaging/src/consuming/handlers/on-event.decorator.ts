import { SetMetadata } from '@nestjs/common';
import { ON_EVENT_METADATA } from '../../messaging.constants';

/** Which messages of which queue a handler method takes. */
export interface OnEventOptions {
  /** The consumer queue, `<domain>.<purpose>` as the topology model declares it. */
  readonly consumer: string;
  /** One event type (exact match on the type property, else the routing key). */
  readonly type?: string;
  /** A topic pattern on the routing key (`order.*`, `#`). Without `type` or `pattern`: every message. */
  readonly pattern?: string;
  /**
   * Check revision order per stream (always on for partitioned consumers): a gap is retried until it
   * fills, a revision already handled is acked without running the handler.
   */
  readonly ordered?: boolean;
}

/**
 * Marks a method as the handler of events on a consumer queue. Only records metadata; the explorer binds
 * it at bootstrap and wraps it so guards, pipes and interceptors apply. The method gets a
 * `MessageContext` and may return nothing (ack), `Retry` or `DeadLetter`; a throw retries.
 */
export function OnEvent(options: OnEventOptions | string): MethodDecorator {
  const opts: OnEventOptions = typeof options === 'string' ? { consumer: options } : options;
  return SetMetadata(ON_EVENT_METADATA, opts);
}

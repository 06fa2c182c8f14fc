import type { EventPublisher } from './event-publisher';
import type { OutgoingEvent } from './outgoing-message';

/**
 * Publishes each domain event with the publisher of its domain, or with the fallback when that domain has
 * none. With least-privilege broker users (`docs/topology.md`) a user may write only to its own domain's
 * exchange, so a process that publishes several domains' events (an outbox relay over a store shared by
 * orders and payments) publishes each one as its domain's user: `MessagingOptions.publishUrls`.
 */
export class DomainRoutedPublisher {
  constructor(
    private readonly fallback: EventPublisher,
    private readonly byDomain: ReadonlyMap<string, EventPublisher> = new Map(),
  ) {}

  /** Publishes to `<domain>.events` through the event's domain's publisher (confirmed, like `EventPublisher.publish`). */
  publish(event: OutgoingEvent): Promise<void> {
    return (this.byDomain.get(event.domain) ?? this.fallback).publish(event);
  }

  /** The domains that have a publisher of their own. */
  get domains(): string[] {
    return [...this.byDomain.keys()];
  }
}

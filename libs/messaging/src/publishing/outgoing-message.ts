/** One domain event to publish: the payload plus what goes into the standard properties and headers. */
export interface OutgoingEvent {
  /** Becomes the AMQP message-id; consumers deduplicate on it. */
  readonly eventId: string;
  /** The event type, e.g. `order.placed`; the routing key unless `routingKey` says otherwise. */
  readonly type: string;
  /** The payload, serialised as JSON. */
  readonly data: unknown;
  /** The publishing domain: the message goes to `<domain>.events`. */
  readonly domain: string;
  readonly routingKey?: string;
  readonly stream?: string;
  readonly revision?: number;
  readonly schemaVersion?: number;
  /** Global position in the store, as a string. */
  readonly position?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
  readonly tenant?: string;
  readonly actor?: string;
  /** @default now */
  readonly occurredAt?: Date;
  /** Extra headers, merged under the standard ones. */
  readonly headers?: Readonly<Record<string, unknown>>;
}

/** AMQP properties Switchyard sets on a message (all publishes are persistent and mandatory). */
export interface PublishProperties {
  readonly messageId: string;
  readonly type?: string;
  readonly correlationId?: string;
  readonly timestamp?: number;
  readonly headers?: Record<string, unknown>;
  readonly contentType?: string;
  readonly appId?: string;
}

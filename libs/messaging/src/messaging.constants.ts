/**
 * AMQP header names Switchyard sets on every event message, and reads back when consuming.
 * One place, so publishers, consumers, the outbox and the CLI agree.
 */
export const HEADERS = {
  /** Event stream (aggregate) the event belongs to, e.g. `order-42`. Partitions hash on it. */
  stream: 'x-stream',
  /** Revision of the event in its stream (0-based). Consumers check ordering with it. */
  revision: 'x-revision',
  /** Schema version of the event payload. */
  schemaVersion: 'x-schema-version',
  /** Global position of the event in the store (read-all order), as a string. */
  position: 'x-position',
  causationId: 'x-causation-id',
  /** W3C trace context. */
  traceparent: 'traceparent',
  tenant: 'x-tenant',
  actor: 'x-actor',
  /** How many times a consumer has tried this message before (0 on the first delivery). */
  attempts: 'x-attempts',
  /** Set on dead-lettered messages. */
  deathReason: 'x-death-reason',
  errorName: 'x-error-name',
  errorMessage: 'x-error-message',
  errorStack: 'x-error-stack',
  originalExchange: 'x-original-exchange',
  originalRoutingKey: 'x-original-routing-key',
  originalQueue: 'x-original-queue',
  failedAt: 'x-failed-at',
} as const;

/** Default prefetch of a consumer that does not set one. */
export const DEFAULT_PREFETCH = 16;
/** Default number of attempts (first try included) before a message is dead-lettered. */
export const DEFAULT_MAX_ATTEMPTS = 5;
/** Default retry delay tiers when a consumer declares none. */
export const DEFAULT_RETRY_DELAYS = ['1s', '10s', '1m', '10m'] as const;
/** The vhost domains share unless they name their own. */
export const DEFAULT_VHOST = '/';

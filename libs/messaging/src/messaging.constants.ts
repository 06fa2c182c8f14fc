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

/** Metadata key under which `@OnEvent()` records its options on a handler method. */
export const ON_EVENT_METADATA = Symbol('switchyard:on-event');
/**
 * Metadata key of the parameter decorators of `@OnEvent` handlers (`@Payload()`, `@Ctx()`, `@Headers()`).
 * A string: Nest's ExternalContextCreator puts it in a cache key.
 */
export const SWITCHYARD_ARGS_METADATA = 'switchyard:handler-args';
/** How long a publish may wait (for a connection, for buffer room, for the confirm), in ms. */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 10_000;
/** Publishes buffered while disconnected; past this, `publish()` waits for room (back-pressure). */
export const DEFAULT_PUBLISH_BUFFER_SIZE = 10_000;
/** How long shutdown waits for in-flight handlers before requeueing what is left, in ms. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** A handler running past this counts as failed and is retried (seed 000 §3.3). */
export const DEFAULT_VISIBILITY_TIMEOUT = '30s';
/** Collection of the idempotent inbox. */
export const DEFAULT_INBOX_COLLECTION = 'inbox';
/** Reconnect backoff: first wait and upper bound, in seconds. */
export const DEFAULT_RECONNECT_MIN_SECONDS = 1;
export const DEFAULT_RECONNECT_MAX_SECONDS = 30;
/**
 * A channel the manager calls connected that has had no usable channel this long gets its connection torn
 * down and reconnected, in ms.
 */
export const DEFAULT_CHANNEL_WATCHDOG_MS = 5_000;
/** First wait before re-opening a channel the broker closed (doubled per failure, up to 10 s), in ms. */
export const CHANNEL_REOPEN_MIN_MS = 100;
export const CHANNEL_REOPEN_MAX_MS = 10_000;

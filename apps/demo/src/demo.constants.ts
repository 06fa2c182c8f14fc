/** Defaults of `npm run demo` (each has a flag). */
export const DEFAULT_DEMO_ORDERS = 2_000;
/**
 * Orders placed per second: what the whole system (11 processes, FerretDB and RabbitMQ) sustains on a
 * 2-core machine with placed → confirmed p99 near a second (600 orders at 15/s: p50 0.5 s, p99 1.3 s).
 * At 50/s there it falls behind for good (2,000 orders: placed → confirmed p50 66 s) and ships and
 * cancels waiting for a confirmation time out. Raise it on bigger machines.
 */
export const DEFAULT_DEMO_RATE = 15;
/** HTTP requests in flight at once, across the API replicas. */
export const DEFAULT_DEMO_CONCURRENCY = 32;
/** The demo's own vhost and database, apart from the tests' (`sy_test_*`) and the apps' default. */
export const DEFAULT_DEMO_VHOST = 'switchyard-demo';
export const DEFAULT_DEMO_DATABASE = 'switchyard_demo';
/** Prefix of the demo's domain users (users are broker-wide): `demo-orders`, `demo-payments`, … */
export const DEFAULT_DEMO_USER_PREFIX = 'demo-';
/** How long the system may take to become quiet after the load, in seconds. */
export const DEFAULT_SETTLE_TIMEOUT_S = 120;
/** Where the apps' output goes, one file per process (relative to the repository). */
export const DEFAULT_DEMO_LOG_DIR = '.demo/logs';

/** A queue the demo declares (not part of the topology), bound with `#` to every domain exchange. */
export const AUDIT_QUEUE = 'demo.audit';
/** Name of the demo's own (operator) AMQP connections in the management UI. */
export const DEMO_CONNECTION_NAME = 'switchyard-demo (operator)';
/** How many times a client retries a 5xx or a lost connection, with the same idempotency key. */
export const CLIENT_MAX_RETRIES = 5;
/** How long a follow-up command waits for the order to reach the state it needs. */
export const FOLLOW_UP_WAIT_MS = 60_000;

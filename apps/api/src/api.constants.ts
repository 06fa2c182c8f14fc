/** Port the API listens on when `PORT` is not set. */
export const DEFAULT_PORT = 3000;
/** Database holding the event store, the outbox lease and the inbox when `MONGO_DATABASE` is not set. */
export const DEFAULT_MONGO_DATABASE = 'switchyard';
/** How long `GET /health` waits for the database's ping before reporting it down. */
export const DEFAULT_HEALTH_PING_TIMEOUT_MS = 2_000;
/** Connection name of the API in RabbitMQ's management UI. */
export const API_CONNECTION_NAME = 'switchyard-api';

/** Provider token of the resolved {@link ApiSettings}. */
export const API_SETTINGS = Symbol('switchyard:api-settings');
/** Provider token of the API's database handle ({@link ApiDatabase}). */
export const API_DATABASE = Symbol('switchyard:api-database');
/** Provider token of the API's event contracts (an `EventRegistry`). */
export const API_EVENT_REGISTRY = Symbol('switchyard:api-event-registry');
/** Provider token of the API's own Prometheus registry (default process metrics). */
export const API_METRICS_REGISTRY = Symbol('switchyard:api-metrics-registry');

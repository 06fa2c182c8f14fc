/** Database holding the event store, the outbox lease and the inbox when `MONGO_DATABASE` is not set. */
export const DEFAULT_MONGO_DATABASE = 'switchyard';
/** Connection name of the payments service in RabbitMQ's management UI. */
export const PAYMENTS_CONNECTION_NAME = 'switchyard-payments-service';
/** The line the service prints on stdout once it consumes (what `spawnApp` waits for ends with it). */
export const READY_LINE = 'ready';

/** Provider token of the resolved {@link PaymentsSettings}. */
export const PAYMENTS_SETTINGS = Symbol('switchyard:payments-settings');
/** Provider token of the service's database handle. */
export const PAYMENTS_DATABASE = Symbol('switchyard:payments-database');
/** Provider token of the service's event contracts (an `EventRegistry`). */
export const PAYMENTS_EVENT_REGISTRY = Symbol('switchyard:payments-event-registry');

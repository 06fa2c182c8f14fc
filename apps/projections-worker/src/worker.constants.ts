/** Database holding the event store and the read models when `MONGO_DATABASE` is not set. */
export const DEFAULT_MONGO_DATABASE = 'switchyard';
/** Connection name of the worker in RabbitMQ's management UI. */
export const WORKER_CONNECTION_NAME = 'switchyard-projections-worker';
/** The topology's queue whose messages wake the projections. */
export const WAKE_CONSUMER = 'reporting.projections';
/** Where the order summary's shipped notices go (its side effect, for the demo). */
export const ORDER_NOTICES_COLLECTION = 'order_notices';
/** The line the worker prints once its projections run and its queue is consumed (`spawnApp` waits for it). */
export const READY_LINE = 'projections worker ready';

/** Provider token of the resolved {@link WorkerSettings}. */
export const WORKER_SETTINGS = Symbol('switchyard:projections-worker-settings');
/** Provider token of the worker's database handle. */
export const WORKER_DATABASE = Symbol('switchyard:projections-worker-database');
/** Provider token of the worker's event contracts (an `EventRegistry`). */
export const WORKER_EVENT_REGISTRY = Symbol('switchyard:projections-worker-event-registry');

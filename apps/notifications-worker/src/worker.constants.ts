/** Provider token of the worker's validated {@link NotificationsWorkerSettings}. */
export const WORKER_SETTINGS = Symbol('switchyard:notifications-worker-settings');
/** Provider token of the worker's database handle (a `MongoConnection`). */
export const WORKER_DATABASE = Symbol('switchyard:notifications-worker-database');

/** Defaults match the local services started by `npm run services -- up`. */
export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
export const DEFAULT_RABBITMQ_MANAGEMENT_URL = 'http://guest:guest@127.0.0.1:15672';
export const DEFAULT_MONGO_URL = 'mongodb://127.0.0.1:27017';
/** How long a start-up reachability probe waits for one service. */
export const DEFAULT_REACHABILITY_TIMEOUT_MS = 5_000;

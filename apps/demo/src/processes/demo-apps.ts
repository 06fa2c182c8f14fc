import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderCredentials } from './provider-credentials';

/** What an app of the demo gets to start: its credentials, database and port. */
export interface DemoAppContext {
  /** AMQP URL of the demo's vhost as each domain's least-privilege user. */
  readonly amqpUrlAs: (domain: string) => string;
  readonly mongoUrl: string;
  readonly database: string;
  /**
   * Empty values for every domain's password variable and the provider secrets, so no child inherits a
   * secret it does not need.
   */
  readonly blankPasswords: Readonly<Record<string, string>>;
  /** The provider credentials of this run: the fake accepts them, the workers send them. */
  readonly provider: ProviderCredentials;
  /** The base URL of an HTTP app of the run (e.g. `provider-fake`), known before it is up. */
  urlOf(app: string): string;
}

/** One app the demo starts, `replicas` times. */
export interface DemoAppSpec {
  readonly name: string;
  /** Entry, relative to the repository. */
  readonly entry: string;
  readonly replicas: number;
  /** Flip on once the app is merged (and check its variables and ready line below). */
  readonly enabled: boolean;
  /** Serves HTTP on a port the demo picks (passed in `env`). */
  readonly http: boolean;
  /** Consumer queues it consumes (the demo waits for these, their retry tiers and partitions, to drain). */
  readonly consumes: readonly string[];
  /** The text the app's ready line ends with (its port and replica are known by then). */
  readyLine(port: number | undefined, replica: number): string;
  env(ctx: DemoAppContext, replica: number, port: number | undefined): Record<string, string>;
}

/** Projection workers the demo runs (each takes its share of the wake queue's partitions). */
const PROJECTION_WORKERS = 2;

/**
 * The apps of `npm run demo`. No app connects as guest: each gets its own domain's user in `AMQP_URL`,
 * declares nothing (the demo applied the topology, `AMQP_DECLARE_TOPOLOGY=off`), and a process that
 * runs the outbox relay publishes each domain's events as that domain's user (`AMQP_PUBLISH_URL_<DOMAIN>`:
 * the store is shared by orders and payments). Only the API replicas run the relay here
 * (`PAYMENTS_RELAY=off`), so the payments service holds payments' credentials only.
 */
export const DEMO_APPS: readonly DemoAppSpec[] = [
  {
    name: 'api',
    entry: 'apps/api/src/main.ts',
    replicas: 2,
    enabled: true,
    http: true,
    consumes: ['orders.payments'],
    readyLine: (port) => `switchyard api listening on http://127.0.0.1:${port}`,
    env: (ctx, _replica, port) => ({
      ...ctx.blankPasswords,
      AMQP_URL: ctx.amqpUrlAs('orders'),
      AMQP_DECLARE_TOPOLOGY: 'off',
      AMQP_PUBLISH_URL_ORDERS: ctx.amqpUrlAs('orders'),
      AMQP_PUBLISH_URL_PAYMENTS: ctx.amqpUrlAs('payments'),
      MONGO_URL: ctx.mongoUrl,
      MONGO_DATABASE: ctx.database,
      PORT: String(port),
    }),
  },
  {
    name: 'payments-service',
    entry: 'apps/payments-service/src/main.ts',
    replicas: 1,
    enabled: true,
    http: false,
    consumes: ['payments.orders'],
    readyLine: () => 'switchyard payments-service consuming payments.orders: ready',
    env: (ctx) => ({
      ...ctx.blankPasswords,
      AMQP_URL: ctx.amqpUrlAs('payments'),
      AMQP_DECLARE_TOPOLOGY: 'off',
      PAYMENTS_RELAY: 'off',
      MONGO_URL: ctx.mongoUrl,
      MONGO_DATABASE: ctx.database,
    }),
  },
  {
    // No broker connection: it records what it accepts in the demo's database.
    name: 'provider-fake',
    entry: 'apps/provider-fake/src/main.ts',
    replicas: 1,
    enabled: true,
    http: true,
    consumes: [],
    readyLine: () => 'provider-fake ready',
    env: (ctx, _replica, port) => ({
      ...ctx.blankPasswords,
      MONGO_URL: ctx.mongoUrl,
      MONGO_DATABASE: ctx.database,
      PROVIDER_FAKE_PORT: String(port),
      FCM_ACCESS_TOKEN: ctx.provider.fcmAccessToken,
      TWILIO_ACCOUNT_SID: ctx.provider.twilioAccountSid,
      TWILIO_AUTH_TOKEN: ctx.provider.twilioAuthToken,
    }),
  },
  {
    name: 'notifications-worker',
    entry: 'apps/notifications-worker/src/main.ts',
    replicas: 2,
    enabled: true,
    http: false,
    consumes: ['notifications.push', 'notifications.sms', 'notifications.contacts'],
    readyLine: (_port, replica) => `notifications-worker notifications-${replica + 1} ready`,
    env: (ctx, replica) => ({
      ...ctx.blankPasswords,
      AMQP_URL: ctx.amqpUrlAs('notifications'),
      AMQP_DECLARE_TOPOLOGY: 'off',
      MONGO_URL: ctx.mongoUrl,
      MONGO_DATABASE: ctx.database,
      WORKER_ID: `notifications-${replica + 1}`, // also names its broker connection
      FCM_BASE_URL: ctx.urlOf('provider-fake'),
      FCM_PROJECT_ID: ctx.provider.fcmProjectId,
      FCM_ACCESS_TOKEN: ctx.provider.fcmAccessToken,
      TWILIO_BASE_URL: ctx.urlOf('provider-fake'),
      TWILIO_ACCOUNT_SID: ctx.provider.twilioAccountSid,
      TWILIO_AUTH_TOKEN: ctx.provider.twilioAuthToken,
      TWILIO_FROM: ctx.provider.twilioFrom,
    }),
  },
  {
    // The read models (order summary, customer orders, merchant daily totals): each build's lease picks
    // one of the two, the other stands by. Reads the store, writes the read models; the wake queue's 4
    // partitions are split between the two (WORKER_INDEX of WORKER_COUNT).
    name: 'projections-worker',
    entry: 'apps/projections-worker/src/main.ts',
    replicas: PROJECTION_WORKERS,
    enabled: true,
    http: false,
    consumes: ['reporting.projections'],
    readyLine: () => 'projections worker ready',
    env: (ctx, replica) => ({
      ...ctx.blankPasswords,
      AMQP_URL: ctx.amqpUrlAs('reporting'),
      AMQP_DECLARE_TOPOLOGY: 'off',
      MONGO_URL: ctx.mongoUrl,
      MONGO_DATABASE: ctx.database,
      WORKER_INDEX: String(replica),
      WORKER_COUNT: String(PROJECTION_WORKERS),
    }),
  },
];

/** The apps this checkout can run: switched on, and present. */
export function runnableApps(root: string, apps: readonly DemoAppSpec[] = DEMO_APPS): DemoAppSpec[] {
  return apps.filter((a) => a.enabled && existsSync(join(root, a.entry)));
}

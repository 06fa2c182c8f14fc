import { resolveAmqpAccess, validateSwitchyardConfig, type AmqpAccess } from '@switchyard/config';
import { resolveNotificationsSettings, type NotificationsSettings } from '@switchyard/notifications';

/**
 * The domains whose events the worker publishes: none (it appends nothing and runs no relay), so of the
 * broker-access variables it reads `AMQP_DECLARE_TOPOLOGY` only.
 */
export const WORKER_PUBLISHING_DOMAINS: readonly string[] = [];

/** What the worker connects to and how it notifies: the broker, the database, the providers. */
export interface NotificationsWorkerSettings {
  readonly amqpUrl: string;
  readonly mongoUrl: string;
  /** `AMQP_DECLARE_TOPOLOGY`: `off` when it logs in as the notifications domain's least-privilege user. */
  readonly amqpAccess: AmqpAccess;
  readonly notifications: NotificationsSettings;
}

/**
 * Reads the environment: AMQP_URL and MONGO_URL as every Switchyard app does, `AMQP_DECLARE_TOPOLOGY`
 * through `resolveAmqpAccess` as the API and the payments service do, the rest as
 * `resolveNotificationsSettings` does. @throws InvalidConfigError naming the variable at fault
 */
export function resolveWorkerSettings(env: NodeJS.ProcessEnv): NotificationsWorkerSettings {
  const base = validateSwitchyardConfig(env);
  return {
    amqpUrl: base.AMQP_URL,
    mongoUrl: base.MONGO_URL,
    amqpAccess: resolveAmqpAccess(env, WORKER_PUBLISHING_DOMAINS),
    notifications: resolveNotificationsSettings(env),
  };
}

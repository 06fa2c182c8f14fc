import { validateSwitchyardConfig } from '@switchyard/config';
import { resolveNotificationsSettings, type NotificationsSettings } from '@switchyard/notifications';

/** What the worker connects to and how it notifies: the broker, the database, the providers. */
export interface NotificationsWorkerSettings {
  readonly amqpUrl: string;
  readonly mongoUrl: string;
  readonly notifications: NotificationsSettings;
}

/**
 * Reads the environment: AMQP_URL and MONGO_URL as every Switchyard app does, the rest as
 * `resolveNotificationsSettings` does. @throws InvalidConfigError naming the variable at fault
 */
export function resolveWorkerSettings(env: NodeJS.ProcessEnv): NotificationsWorkerSettings {
  const base = validateSwitchyardConfig(env);
  return {
    amqpUrl: base.AMQP_URL,
    mongoUrl: base.MONGO_URL,
    notifications: resolveNotificationsSettings(env),
  };
}

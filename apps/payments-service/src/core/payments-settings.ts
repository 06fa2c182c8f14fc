import { parseOnOff, resolveMongoDatabase, DEFAULT_AMQP_ACCESS, type AmqpAccess } from '@switchyard/config';
import type { ObservabilityModuleOptions } from '@switchyard/observability/setup';
import type { OutboxRelayOptions } from '@switchyard/outbox';
import { DEFAULT_MONGO_DATABASE } from '../payments-service.constants';

/** What the payments service connects to, after the environment and the module options are merged. */
export interface PaymentsSettings {
  readonly amqpUrl: string;
  readonly mongoUrl: string;
  readonly database: string;
  /** Whether this process runs an outbox relay (competing for the one lease). */
  readonly relay: boolean;
  /** `AMQP_DECLARE_TOPOLOGY` and the `AMQP_PUBLISH_URL_<DOMAIN>` of the example's publishing domains. */
  readonly amqpAccess: AmqpAccess;
}

/**
 * Options of `PaymentsServiceModule.forRoot`: each overrides the environment variable named in its
 * comment, so tests can point an in-process service at their own vhost and database.
 */
export interface PaymentsServiceOptions {
  /** Overrides `AMQP_URL`. */
  readonly amqpUrl?: string;
  /** Overrides `MONGO_URL`. */
  readonly mongoUrl?: string;
  /** Overrides `MONGO_DATABASE`. @default DEFAULT_MONGO_DATABASE */
  readonly database?: string;
  /** Overrides `PAYMENTS_RELAY`. @default true */
  readonly relay?: boolean;
  /** Outbox relay tuning (tests shorten the sweep interval). */
  readonly relayOptions?: OutboxRelayOptions & { readonly holder?: string };
  /** Log level, format and destination (tests quieten or capture the lines). @default LOG_LEVEL, LOG_FORMAT, stdout */
  readonly logging?: Omit<ObservabilityModuleOptions, 'app'>;
}

/** The environment as the service reads it (URLs already validated by `validateSwitchyardConfig`). */
export interface PaymentsEnvironment {
  readonly AMQP_URL: string;
  readonly MONGO_URL: string;
  readonly MONGO_DATABASE?: string;
  /** `on` (default) or `off`: whether this process also runs an outbox relay. */
  readonly PAYMENTS_RELAY?: string;
}

/**
 * Merges the options over the environment.
 * @throws InvalidConfigError naming MONGO_DATABASE or PAYMENTS_RELAY when one is malformed
 */
export function resolvePaymentsSettings(
  env: PaymentsEnvironment,
  options: PaymentsServiceOptions = {},
  amqpAccess: AmqpAccess = DEFAULT_AMQP_ACCESS,
): PaymentsSettings {
  const database = resolveMongoDatabase(env.MONGO_DATABASE, DEFAULT_MONGO_DATABASE, options.database);
  return {
    amqpUrl: options.amqpUrl ?? env.AMQP_URL,
    mongoUrl: options.mongoUrl ?? env.MONGO_URL,
    database,
    relay: options.relay ?? parseOnOff('PAYMENTS_RELAY', env.PAYMENTS_RELAY, true),
    amqpAccess,
  };
}

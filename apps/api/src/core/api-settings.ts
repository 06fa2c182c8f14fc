import {
  InvalidConfigError,
  DEFAULT_AMQP_ACCESS,
  resolveMongoDatabase,
  type AmqpAccess,
} from '@switchyard/config';
import type { ObservabilityModuleOptions } from '@switchyard/observability/setup';
import type { OutboxRelayOptions } from '@switchyard/outbox';
import { DEFAULT_MONGO_DATABASE, DEFAULT_PORT } from '../api.constants';

/** What the API connects to, after the environment and `ApiModule.forRoot` options are merged. */
export interface ApiSettings {
  readonly amqpUrl: string;
  readonly mongoUrl: string;
  readonly database: string;
  /** `AMQP_DECLARE_TOPOLOGY` and the `AMQP_PUBLISH_URL_<DOMAIN>` of the example's publishing domains. */
  readonly amqpAccess: AmqpAccess;
}

/**
 * Options of `ApiModule.forRoot`: each one overrides the environment variable named in its comment, so
 * tests can point an in-process app at their own vhost and database.
 */
export interface ApiModuleOptions {
  /** Overrides `AMQP_URL`. */
  readonly amqpUrl?: string;
  /** Overrides `MONGO_URL`. */
  readonly mongoUrl?: string;
  /** Overrides `MONGO_DATABASE`. @default DEFAULT_MONGO_DATABASE */
  readonly database?: string;
  /** Outbox relay tuning (tests shorten the sweep interval; the lag bench reads its confirms from a hook). */
  readonly relay?: OutboxRelayOptions & { readonly holder?: string };
  /** Log level, format and destination (tests quieten the request lines). @default LOG_LEVEL, LOG_FORMAT, stdout */
  readonly logging?: Omit<ObservabilityModuleOptions, 'app'>;
}

/** The environment as the API reads it (already validated by `validateSwitchyardConfig`). */
export interface ApiEnvironment {
  readonly AMQP_URL: string;
  readonly MONGO_URL: string;
  readonly MONGO_DATABASE?: string;
}

/** Merges the options over the environment. @throws InvalidConfigError for a bad MONGO_DATABASE */
export function resolveApiSettings(
  env: ApiEnvironment,
  options: ApiModuleOptions = {},
  amqpAccess: AmqpAccess = DEFAULT_AMQP_ACCESS,
): ApiSettings {
  const database = resolveMongoDatabase(env.MONGO_DATABASE, DEFAULT_MONGO_DATABASE, options.database);
  return {
    amqpUrl: options.amqpUrl ?? env.AMQP_URL,
    mongoUrl: options.mongoUrl ?? env.MONGO_URL,
    database,
    amqpAccess,
  };
}

/** Reads `PORT`: an integer 0..65535 (0 picks a free port). @throws InvalidConfigError naming PORT */
export function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) {
    throw new InvalidConfigError('PORT', raw, 'expected an integer from 0 to 65535');
  }
  return port;
}

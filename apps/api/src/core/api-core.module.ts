import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { amqpAccessVariables, resolveAmqpAccess } from '@switchyard/config';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { API_DATABASE, API_EVENT_REGISTRY, API_METRICS_REGISTRY, API_SETTINGS } from '../api.constants';
import {
  resolveApiSettings,
  type ApiEnvironment,
  type ApiModuleOptions,
  type ApiSettings,
} from './api-settings';
import { EXAMPLE_PUBLISHING_DOMAINS, exampleEventRegistry } from '@switchyard/examples';
import { connectMongo, type MongoConnection } from '@switchyard/mongodb';

/** The one database connection the event store, the outbox lease and the health ping share. */
export type ApiDatabase = MongoConnection;

/**
 * The API's shared infrastructure, global so the libs' `forRootAsync` factories can inject it: the
 * resolved settings, one MongoDB client (closed last, after the relay has stopped), the event contracts
 * and the app's own metrics registry.
 */
@Global()
@Module({})
export class ApiCoreModule implements OnApplicationShutdown {
  constructor(@Inject(API_DATABASE) private readonly database: ApiDatabase) {}

  static forRoot(options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiCoreModule,
      providers: [
        {
          provide: API_SETTINGS,
          inject: [ConfigService],
          useFactory: (config: ConfigService<ApiEnvironment, true>): ApiSettings =>
            resolveApiSettings(
              {
                AMQP_URL: config.get('AMQP_URL', { infer: true }),
                MONGO_URL: config.get('MONGO_URL', { infer: true }),
                MONGO_DATABASE: config.get('MONGO_DATABASE', { infer: true }),
              },
              options,
              resolveAmqpAccess(
                Object.fromEntries(
                  // These names depend on the domains, so they are read untyped.
                  amqpAccessVariables(EXAMPLE_PUBLISHING_DOMAINS).map((v) => [
                    v,
                    (config as unknown as ConfigService).get<string>(v),
                  ]),
                ),
                EXAMPLE_PUBLISHING_DOMAINS,
              ),
            ),
        },
        {
          provide: API_DATABASE,
          inject: [API_SETTINGS],
          useFactory: (settings: ApiSettings): Promise<ApiDatabase> =>
            connectMongo({ mongoUrl: settings.mongoUrl, database: settings.database }),
        },
        { provide: API_EVENT_REGISTRY, useFactory: exampleEventRegistry },
        {
          provide: API_METRICS_REGISTRY,
          useFactory: (): Registry => {
            const registry = new Registry();
            collectDefaultMetrics({ register: registry });
            return registry;
          },
        },
      ],
      exports: [API_SETTINGS, API_DATABASE, API_EVENT_REGISTRY, API_METRICS_REGISTRY],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

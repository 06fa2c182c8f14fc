import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { readAmqpAccess } from '@switchyard/config';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { API_DATABASE, API_EVENT_REGISTRY, API_METRICS_REGISTRY, API_SETTINGS } from '../api.constants';
import {
  resolveApiSettings,
  type ApiEnvironment,
  type ApiModuleOptions,
  type ApiSettings,
} from './api-settings';
import { EXAMPLE_PUBLISHING_DOMAINS, exampleEventRegistry } from '@switchyard/examples';
import { mongoConnectionProviders, type MongoConnection } from '@switchyard/mongodb';

/** The one database connection the event store, the outbox lease and the health ping share. */
export type ApiDatabase = MongoConnection;

/**
 * The API's shared infrastructure, global so the libs' `forRootAsync` factories can inject it: the
 * resolved settings, one MongoDB client (closed last, after the relay has stopped), the event contracts
 * and the app's own metrics registry.
 */
@Global()
@Module({})
export class ApiCoreModule {
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
              readAmqpAccess(config, EXAMPLE_PUBLISHING_DOMAINS),
            ),
        },
        ...mongoConnectionProviders({ provide: API_DATABASE, settings: API_SETTINGS }),
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
}

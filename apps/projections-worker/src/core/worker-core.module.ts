import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { exampleEventRegistry } from '@switchyard/examples';
import { mongoConnectionProviders } from '@switchyard/mongodb';
import { WORKER_DATABASE, WORKER_EVENT_REGISTRY, WORKER_SETTINGS } from '../worker.constants';
import {
  resolveWorkerSettings,
  type WorkerEnvironment,
  type WorkerOptions,
  type WorkerSettings,
} from './worker-settings';

/**
 * The worker's shared infrastructure, global so the libs' `forRootAsync` factories can inject it: the
 * resolved settings, one MongoDB client (closed last), the event contracts.
 */
@Global()
@Module({})
export class WorkerCoreModule {
  static forRoot(options: WorkerOptions): DynamicModule {
    return {
      module: WorkerCoreModule,
      providers: [
        {
          provide: WORKER_SETTINGS,
          inject: [ConfigService],
          useFactory: (config: ConfigService<Record<string, string | undefined>>): WorkerSettings => {
            const read = (key: keyof WorkerEnvironment) => config.get<string>(key);
            return resolveWorkerSettings(
              {
                AMQP_URL: read('AMQP_URL')!,
                MONGO_URL: read('MONGO_URL')!,
                MONGO_DATABASE: read('MONGO_DATABASE'),
                AMQP_DECLARE_TOPOLOGY: read('AMQP_DECLARE_TOPOLOGY'),
                PROJECTIONS_POLL_MS: read('PROJECTIONS_POLL_MS'),
                PROJECTIONS_LEASE_TTL_MS: read('PROJECTIONS_LEASE_TTL_MS'),
                PROJECTIONS_LEASE_RENEW_MS: read('PROJECTIONS_LEASE_RENEW_MS'),
                WORKER_INDEX: read('WORKER_INDEX'),
                WORKER_COUNT: read('WORKER_COUNT'),
              },
              options,
            );
          },
        },
        ...mongoConnectionProviders({ provide: WORKER_DATABASE, settings: WORKER_SETTINGS }),
        { provide: WORKER_EVENT_REGISTRY, useFactory: exampleEventRegistry },
      ],
      exports: [WORKER_SETTINGS, WORKER_DATABASE, WORKER_EVENT_REGISTRY],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { SwitchyardConfigModule } from '@switchyard/config';
import type { EventRegistry } from '@switchyard/contracts';
import { EventStoreModule } from '@switchyard/event-store';
import { MessagingModule } from '@switchyard/messaging';
import { OutboxModule } from '@switchyard/outbox';
import { API_CONNECTION_NAME, API_DATABASE, API_EVENT_REGISTRY, API_SETTINGS } from './api.constants';
import { ApiCoreModule, type ApiDatabase } from './core/api-core.module';
import type { ApiModuleOptions, ApiSettings } from './core/api-settings';
import { HealthController } from './health/health.controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { MetricsController } from './metrics/metrics.controller';
import { OrdersController } from './orders/orders.controller';
import { OrdersService } from './orders/orders.service';
import { EXAMPLE_TOPOLOGY, exampleProjections } from '@switchyard/examples';
import { ProjectionsModule } from '@switchyard/projections';
import { ProjectionsController } from './projections/projections.controller';

/**
 * The demo system's HTTP API: orders over the event store, the outbox relay publishing their events,
 * `/health` and `/metrics`. `ApiModule.forRoot()` reads AMQP_URL, MONGO_URL and MONGO_DATABASE from the
 * environment; options override them (tests point it at their own vhost and database).
 */
@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        SwitchyardConfigModule,
        ApiCoreModule.forRoot(options),
        EventStoreModule.forRootAsync({
          isGlobal: true,
          inject: [API_DATABASE, API_EVENT_REGISTRY],
          useFactory: (database: ApiDatabase, registry: EventRegistry) => ({ db: database.db, registry }),
        }),
        MessagingModule.forRootAsync({
          inject: [API_SETTINGS],
          // The API publishes (through the relay) and consumes nothing: only the exchanges are declared.
          useFactory: (settings: ApiSettings) => ({
            urls: settings.amqpUrl,
            topology: EXAMPLE_TOPOLOGY,
            consumers: [],
            connectionName: API_CONNECTION_NAME,
          }),
        }),
        // Read-only: the status of the read models the projections worker builds (no runner here)
        ProjectionsModule.forRootAsync({
          inject: [API_DATABASE],
          useFactory: (database: ApiDatabase) => ({
            db: database.db,
            projections: exampleProjections(),
            live: false,
          }),
        }),
        OutboxModule.forRootAsync({
          inject: [API_DATABASE, API_EVENT_REGISTRY],
          // Every replica runs a relay; the lease lets one of them publish at a time.
          useFactory: (database: ApiDatabase, registry: EventRegistry) => ({
            db: database.db,
            routing: registry,
            ...options.relay,
          }),
        }),
      ],
      controllers: [OrdersController, HealthController, MetricsController, ProjectionsController],
      providers: [OrdersService, { provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}

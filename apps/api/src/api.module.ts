import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { SwitchyardConfigModule } from '@switchyard/config';
import type { EventRegistry } from '@switchyard/contracts';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@switchyard/event-store';
import { MESSAGING_RUNTIME, MessagingModule, type MessagingRuntime } from '@switchyard/messaging';
import { ObservabilityModule } from '@switchyard/observability/setup';
import { OutboxModule } from '@switchyard/outbox';
import { API_CONNECTION_NAME, API_DATABASE, API_EVENT_REGISTRY, API_SETTINGS } from './api.constants';
import { ApiCoreModule, type ApiDatabase } from './core/api-core.module';
import type { ApiModuleOptions, ApiSettings } from './core/api-settings';
import { HealthController } from './health/health.controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { RequestValidationPipe } from './http/request-validation.pipe';
import { MetricsController } from './metrics/metrics.controller';
import { OrdersController } from './orders/orders.controller';
import { OrdersReactor } from './orders/orders-reactor';
import { OrdersService } from './orders/orders.service';
import { PaymentsController } from './payments/payments.controller';
import { PaymentsService } from './payments/payments.service';
import {
  EXAMPLE_TOPOLOGY,
  ORDERS_PAYMENTS_QUEUE,
  OrdersReactions,
  exampleProjections,
} from '@switchyard/examples';
import { ProjectionsModule } from '@switchyard/projections';
import { ProjectionsController } from './projections/projections.controller';

/**
 * The demo system's HTTP API: orders over the event store, payment queries, the orders reactor (confirms
 * or cancels an order on its payment's outcome), the outbox relay publishing the events, `/health` and
 * `/metrics`, structured logs and a trace per request (ObservabilityModule). `ApiModule.forRoot()` reads
 * AMQP_URL, MONGO_URL and MONGO_DATABASE from the
 * environment; options override them (tests point it at their own vhost and database).
 */
@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        // First: its HTTP middleware starts each request's span before the others run.
        ObservabilityModule.forRoot({ app: 'api', quietPaths: ['/health', '/metrics'], ...options.logging }),
        SwitchyardConfigModule,
        ApiCoreModule.forRoot(options),
        EventStoreModule.forRootAsync({
          isGlobal: true,
          inject: [API_DATABASE, API_EVENT_REGISTRY],
          useFactory: (database: ApiDatabase, registry: EventRegistry) => ({ db: database.db, registry }),
        }),
        MessagingModule.forRootAsync({
          inject: [API_SETTINGS, API_EVENT_REGISTRY],
          // The API publishes (through the relay) and consumes orders.payments (the orders reactor). No
          // inbox: a reaction's events have ids derived from the causing event's id, so the store's
          // unique commit ids already make a redelivery store nothing.
          useFactory: (settings: ApiSettings, registry: EventRegistry) => ({
            urls: settings.amqpUrl,
            topology: EXAMPLE_TOPOLOGY,
            consumers: [ORDERS_PAYMENTS_QUEUE],
            validator: registry,
            connectionName: API_CONNECTION_NAME,
            // As a least-privilege domain user: the topology applied beforehand, each domain's events
            // published as that domain's user (the relay publishes orders' and payments' alike).
            declareTopology: settings.amqpAccess.declareTopology,
            publishUrls: settings.amqpAccess.publishUrls,
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
          inject: [API_DATABASE, API_EVENT_REGISTRY, MESSAGING_RUNTIME],
          // Every replica runs a relay; the lease lets one of them publish at a time.
          useFactory: (database: ApiDatabase, registry: EventRegistry, runtime: MessagingRuntime) => ({
            db: database.db,
            routing: registry,
            publisher: runtime.eventPublisher,
            ...options.relay,
          }),
        }),
      ],
      controllers: [
        OrdersController,
        PaymentsController,
        HealthController,
        MetricsController,
        ProjectionsController,
      ],
      providers: [
        OrdersService,
        PaymentsService,
        {
          provide: OrdersReactions,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => new OrdersReactions(store),
        },
        OrdersReactor,
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
      ],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import { SwitchyardConfigModule } from '@switchyard/config';
import type { EventRegistry } from '@switchyard/contracts';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@switchyard/event-store';
import { EXAMPLE_TOPOLOGY, PAYMENTS_ORDERS_QUEUE, PaymentsReactions } from '@switchyard/examples';
import { MESSAGING_RUNTIME, MessagingModule, type MessagingRuntime } from '@switchyard/messaging';
import type { MongoConnection } from '@switchyard/mongodb';
import { ObservabilityModule } from '@switchyard/observability/setup';
import { OutboxModule } from '@switchyard/outbox';
import { PaymentsCoreModule } from './core/payments-core.module';
import type { PaymentsServiceOptions, PaymentsSettings } from './core/payments-settings';
import { PaymentsReactor } from './payments/payments-reactor';
import {
  PAYMENTS_CONNECTION_NAME,
  PAYMENTS_DATABASE,
  PAYMENTS_EVENT_REGISTRY,
  PAYMENTS_SETTINGS,
} from './payments-service.constants';

/**
 * The payments service: consumes `payments.orders` and reacts to `order.placed`, `order.shipped` and
 * `order.cancelled` on the order's Payment (see docs/example-system.md). Its events go to the same event
 * store as the API's; it runs an outbox relay too (unless `PAYMENTS_RELAY=off`), competing with the API's
 * relays for the one lease, so whichever process holds it publishes every commit, orders' and payments'.
 * Logs are structured (ObservabilityModule). `PaymentsServiceModule.forRoot()` reads AMQP_URL, MONGO_URL, MONGO_DATABASE and PAYMENTS_RELAY from the
 * environment; options override them.
 */
@Module({})
export class PaymentsServiceModule {
  static forRoot(options: PaymentsServiceOptions = {}): DynamicModule {
    return {
      module: PaymentsServiceModule,
      imports: [
        // First: structured logs (each line with the trace ids, event id, queue and correlation id).
        ObservabilityModule.forRoot({ app: 'payments-service', ...options.logging }),
        SwitchyardConfigModule,
        PaymentsCoreModule.forRoot(options),
        EventStoreModule.forRootAsync({
          isGlobal: true,
          inject: [PAYMENTS_DATABASE, PAYMENTS_EVENT_REGISTRY],
          useFactory: (database: MongoConnection, registry: EventRegistry) => ({ db: database.db, registry }),
        }),
        MessagingModule.forRootAsync({
          inject: [PAYMENTS_SETTINGS, PAYMENTS_EVENT_REGISTRY],
          // No inbox: a reaction's effect is its append, whose event ids derive from the causing event's
          // id, so the store's unique commit ids already make a redelivery store nothing.
          useFactory: (settings: PaymentsSettings, registry: EventRegistry) => ({
            urls: settings.amqpUrl,
            topology: EXAMPLE_TOPOLOGY,
            consumers: [PAYMENTS_ORDERS_QUEUE],
            validator: registry,
            connectionName: PAYMENTS_CONNECTION_NAME,
            // As a least-privilege domain user: the topology applied beforehand, each domain's events
            // published as that domain's user (AMQP_PUBLISH_URL_<DOMAIN>).
            declareTopology: settings.amqpAccess.declareTopology,
            publishUrls: settings.amqpAccess.publishUrls,
          }),
        }),
        OutboxModule.forRootAsync({
          inject: [PAYMENTS_SETTINGS, PAYMENTS_DATABASE, PAYMENTS_EVENT_REGISTRY, MESSAGING_RUNTIME],
          useFactory: (
            settings: PaymentsSettings,
            database: MongoConnection,
            registry: EventRegistry,
            runtime: MessagingRuntime,
          ) => ({
            db: database.db,
            routing: registry,
            publisher: runtime.eventPublisher,
            autoStart: settings.relay,
            ...options.relayOptions,
          }),
        }),
      ],
      providers: [
        {
          provide: PaymentsReactions,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => new PaymentsReactions(store),
        },
        PaymentsReactor,
      ],
    };
  }
}

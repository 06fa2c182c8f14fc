import { Inject, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { connectMongo, type MongoConnection } from '@switchyard/mongodb';
import { EVENT_STORE } from './event-store.constants';
import type { EventStore } from './event-store';
import {
  EVENT_STORE_MODULE_OPTIONS,
  EventStoreConfigurableModule,
  type EventStoreModuleOptions,
} from './event-store.module-definition';
import { getMongoEventStore } from './mongo/mongo-event-store';

const EVENT_STORE_CONNECTION = Symbol('switchyard:event-store-connection');

const connectionProvider: Provider = {
  provide: EVENT_STORE_CONNECTION,
  inject: [EVENT_STORE_MODULE_OPTIONS],
  useFactory: (options: EventStoreModuleOptions): Promise<MongoConnection> => connectMongo(options),
};

const storeProvider: Provider = {
  provide: EVENT_STORE,
  inject: [EVENT_STORE_MODULE_OPTIONS, EVENT_STORE_CONNECTION],
  useFactory: async (options: EventStoreModuleOptions, connection: MongoConnection): Promise<EventStore> => {
    const store = getMongoEventStore(connection.db, options.registry, options.store);
    await store.ensureIndexes();
    return store;
  },
};

/**
 * Provides an `EventStore` (inject it with `@InjectEventStore()`):
 * `EventStoreModule.forRoot({ mongoUrl, database, registry })` or `forRootAsync({ useFactory, inject })`.
 * Indexes are created at start-up; a client the module opened is closed on shutdown.
 */
@Module({
  providers: [connectionProvider, storeProvider],
  exports: [EVENT_STORE, EVENT_STORE_MODULE_OPTIONS],
})
export class EventStoreModule extends EventStoreConfigurableModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE_CONNECTION) private readonly connection: MongoConnection) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

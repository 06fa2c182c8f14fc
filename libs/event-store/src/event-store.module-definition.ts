import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { EventRegistry } from '@switchyard/contracts';
import type { Db } from 'mongodb';
import type { MongoEventStoreOptions } from './mongo/mongo-event-store';

/** Where the store's database comes from: a `Db` you own, or a URL the module connects to (and closes). */
export type EventStoreDatabase =
  { readonly db: Db } | { readonly mongoUrl: string; readonly database: string };

/** Options of `EventStoreModule.forRoot` / `forRootAsync`. */
export type EventStoreModuleOptions = EventStoreDatabase & {
  /** The event contracts this application appends and reads. */
  readonly registry: EventRegistry;
  readonly store?: MongoEventStoreOptions;
};

export const {
  ConfigurableModuleClass: EventStoreConfigurableModule,
  MODULE_OPTIONS_TOKEN: EVENT_STORE_MODULE_OPTIONS,
  OPTIONS_TYPE: EVENT_STORE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: EVENT_STORE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<EventStoreModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

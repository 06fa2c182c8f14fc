import { Inject } from '@nestjs/common';
import { EVENT_STORE } from './event-store.constants';
import { EVENT_STORE_MODULE_OPTIONS } from './event-store.module-definition';

/** Injects the `EventStore` provided by `EventStoreModule`. */
export const InjectEventStore = (): ParameterDecorator & PropertyDecorator => Inject(EVENT_STORE);

/** Injects the `EventStoreModuleOptions` given to `EventStoreModule.forRoot*`. */
export const InjectEventStoreOptions = (): ParameterDecorator & PropertyDecorator =>
  Inject(EVENT_STORE_MODULE_OPTIONS);

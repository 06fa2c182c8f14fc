import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { mongoConnectionProviders, type MongoConnection } from '@switchyard/mongodb';
import { EVENT_STORE, type EventStore } from '@switchyard/event-store';
import { EventPublisher } from '@switchyard/messaging';
import { RelayLease } from './lease/relay-lease';
import { OutboxMetrics } from './metrics/outbox-metrics';
import {
  OUTBOX_MODULE_OPTIONS,
  OutboxConfigurableModule,
  type OutboxModuleOptions,
} from './outbox.module-definition';
import { OutboxHealthIndicator } from './outbox-health.indicator';
import { eventStoreOutbox } from './relay/event-store-outbox';
import { OutboxRelay } from './relay/outbox-relay';

const OUTBOX_CONNECTION = Symbol('switchyard:outbox-connection');

const providers: Provider[] = [
  ...mongoConnectionProviders({ provide: OUTBOX_CONNECTION, settings: OUTBOX_MODULE_OPTIONS }),
  { provide: OutboxMetrics, useFactory: () => new OutboxMetrics() },
  {
    provide: OutboxRelay,
    inject: [OUTBOX_MODULE_OPTIONS, OUTBOX_CONNECTION, EVENT_STORE, EventPublisher, OutboxMetrics],
    useFactory: (
      options: OutboxModuleOptions,
      connection: MongoConnection,
      store: EventStore,
      publisher: EventPublisher,
      metrics: OutboxMetrics,
    ) => {
      const holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
      const lease = new RelayLease(connection.db, { holder, ttlMs: options.leaseTtlMs });
      return new OutboxRelay(
        eventStoreOutbox(store),
        options.publisher ?? publisher,
        options.routing,
        lease,
        metrics,
        options,
      );
    },
  },
  OutboxHealthIndicator,
];

/**
 * Runs the outbox relay in this process: `OutboxModule.forRoot({ mongoUrl, database, routing })`.
 * Needs an `EventStore` (EventStoreModule with `isGlobal: true`) and an `EventPublisher` (MessagingModule)
 * in scope. Starts at bootstrap, and on shutdown finishes its batch and releases the lease before the
 * connections close.
 */
@Module({
  providers,
  exports: [OutboxRelay, OutboxMetrics, OutboxHealthIndicator],
})
export class OutboxModule
  extends OutboxConfigurableModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  constructor(
    private readonly relay: OutboxRelay,
    @Inject(OUTBOX_MODULE_OPTIONS) private readonly options: OutboxModuleOptions,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.autoStart !== false) await this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

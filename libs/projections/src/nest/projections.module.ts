import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { EVENT_STORE, type EventStore } from '@switchyard/event-store';
import { mongoConnectionProviders, type MongoConnection } from '@switchyard/mongodb';
import { isProjectionInstance } from '../definition/normalise-projection';
import { ProjectionMetrics } from '../metrics/projection-metrics';
import { getMongoProjectionStore } from '../mongo/mongo-projection-store';
import { Projections } from '../projections';
import {
  PROJECTIONS_MODULE_OPTIONS,
  ProjectionsConfigurableModule,
  type ProjectionsModuleOptions,
} from './projections.module-definition';

const PROJECTIONS_CONNECTION = Symbol('switchyard:projections-connection');

const providers: Provider[] = [
  ...mongoConnectionProviders({ provide: PROJECTIONS_CONNECTION, settings: PROJECTIONS_MODULE_OPTIONS }),
  {
    provide: ProjectionMetrics,
    inject: [PROJECTIONS_MODULE_OPTIONS],
    useFactory: (options: ProjectionsModuleOptions) => new ProjectionMetrics(options.metricsRegistry),
  },
  {
    provide: Projections,
    inject: [PROJECTIONS_MODULE_OPTIONS, PROJECTIONS_CONNECTION, EVENT_STORE, ProjectionMetrics],
    useFactory: (
      options: ProjectionsModuleOptions,
      connection: MongoConnection,
      events: EventStore,
      metrics: ProjectionMetrics,
    ) =>
      new Projections({
        projections: options.projections,
        store: getMongoProjectionStore(connection.db, options.store),
        events,
        holder: options.holder,
        tuning: options.tuning,
        metrics,
      }),
  },
];

/**
 * Projections in a Nest app: `ProjectionsModule.forRoot({ mongoUrl, database, projections })` (or
 * `forRootAsync`). Needs an `EventStore` in scope (EventStoreModule with `isGlobal: true`). At bootstrap
 * it adds the `@Projection()` providers it finds and, unless `live: false`, starts the live runners; on
 * shutdown it stops them and releases their leases before the connection closes. Inject `Projections`
 * for status, skip, rebuild, and to `wake()` it from a consumer.
 */
@Module({
  imports: [DiscoveryModule],
  providers,
  exports: [Projections, ProjectionMetrics],
})
export class ProjectionsModule
  extends ProjectionsConfigurableModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  constructor(
    private readonly projections: Projections,
    private readonly discovery: DiscoveryService,
    @Inject(PROJECTIONS_MODULE_OPTIONS) private readonly options: ProjectionsModuleOptions,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (wrapper.isDependencyTreeStatic() && isProjectionInstance(instance))
        this.projections.add(instance as object);
    }
    if (this.options.live !== false) await this.projections.startLive();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projections.stopLive();
  }
}

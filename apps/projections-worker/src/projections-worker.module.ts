import { Module, type DynamicModule } from '@nestjs/common';
import { SwitchyardConfigModule } from '@switchyard/config';
import type { EventRegistry } from '@switchyard/contracts';
import { EventStoreModule } from '@switchyard/event-store';
import { EXAMPLE_TOPOLOGY, exampleProjections } from '@switchyard/examples';
import { MessagingModule } from '@switchyard/messaging';
import type { MongoConnection } from '@switchyard/mongodb';
import { ObservabilityModule } from '@switchyard/observability/setup';
import { Projections, ProjectionsModule } from '@switchyard/projections';
import { WorkerCoreModule } from './core/worker-core.module';
import type { WorkerOptions, WorkerSettings } from './core/worker-settings';
import { MongoOrderNotices } from './notices/mongo-order-notices';
import { ProjectionWakeConsumer } from './wake/projection-wake.consumer';
import {
  WAKE_CONSUMER,
  WORKER_CONNECTION_NAME,
  WORKER_DATABASE,
  WORKER_EVENT_REGISTRY,
  WORKER_SETTINGS,
} from './worker.constants';

/**
 * The projections worker: the example system's read models (order summary, customer orders, merchant
 * daily totals) built live from `reporting.projections` wake messages and by catch-up from the event
 * store, with structured logs. Run N of them: each build's lease picks one process, the others stand by. `forRoot()` reads
 * AMQP_URL, MONGO_URL, MONGO_DATABASE (and the PROJECTIONS_* tuning) from the environment.
 */
@Module({})
export class ProjectionsWorkerModule {
  static forRoot(options: WorkerOptions = {}): DynamicModule {
    return {
      module: ProjectionsWorkerModule,
      imports: [
        // First: structured logs (nestjs-pino) with the trace, correlation and event ids of each wake
        ObservabilityModule.forRoot({ app: 'projections-worker', ...options.logging }),
        SwitchyardConfigModule,
        WorkerCoreModule.forRoot(options),
        EventStoreModule.forRootAsync({
          isGlobal: true,
          inject: [WORKER_DATABASE, WORKER_EVENT_REGISTRY],
          useFactory: (database: MongoConnection, registry: EventRegistry) => ({ db: database.db, registry }),
        }),
        ProjectionsModule.forRootAsync({
          isGlobal: true,
          inject: [WORKER_DATABASE, WORKER_SETTINGS],
          useFactory: (database: MongoConnection, settings: WorkerSettings) => ({
            db: database.db,
            projections: exampleProjections(new MongoOrderNotices(database.db)),
            tuning: settings.tuning,
          }),
        }),
        MessagingModule.forRootAsync({
          inject: [WORKER_SETTINGS, Projections],
          useFactory: (settings: WorkerSettings, projections: Projections) => ({
            urls: settings.amqpUrl,
            topology: EXAMPLE_TOPOLOGY,
            declareTopology: settings.declareTopology,
            consumers: [WAKE_CONSUMER],
            connectionName: WORKER_CONNECTION_NAME,
            // A revision gap is no reason to wait: the runners read the store, which has it
            onGap: async () => projections.wake(),
            ...(settings.partitionShare ? { partitionShare: settings.partitionShare } : {}),
          }),
        }),
      ],
      providers: [ProjectionWakeConsumer],
    };
  }
}

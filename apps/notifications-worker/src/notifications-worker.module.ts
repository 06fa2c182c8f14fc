import { Module, type DynamicModule } from '@nestjs/common';
import { EXAMPLE_TOPOLOGY, exampleEventRegistry } from '@switchyard/examples';
import { MessagingModule } from '@switchyard/messaging';
import { MongoInbox, type MongoConnection } from '@switchyard/mongodb';
import { NOTIFICATION_QUEUES } from '@switchyard/notifications';
import { ObservabilityModule, type ObservabilityModuleOptions } from '@switchyard/observability/setup';
import { WorkerCoreModule } from './core/worker-core.module';
import type { NotificationsWorkerSettings } from './core/worker-settings';
import { OrderContactsHandler } from './handlers/order-contacts.handler';
import { PushNotificationsHandler } from './handlers/push-notifications.handler';
import { SmsNotificationsHandler } from './handlers/sms-notifications.handler';
import { WORKER_DATABASE } from './worker.constants';

/**
 * The notifications worker: consumes `notifications.push`, `notifications.sms` and
 * `notifications.contacts` of the example topology (any number of processes compete for each queue), and
 * delivers through `NotificationDelivery` (`@switchyard/notifications`).
 */
@Module({})
export class NotificationsWorkerModule {
  /** `logging`: level, format and destination (tests quieten or capture the lines). @default LOG_LEVEL, LOG_FORMAT, stdout */
  static forRoot(
    settings: NotificationsWorkerSettings,
    logging: Omit<ObservabilityModuleOptions, 'app'> = {},
  ): DynamicModule {
    return {
      module: NotificationsWorkerModule,
      imports: [
        // First: structured logs (each line with the trace ids, event id, queue and correlation id).
        ObservabilityModule.forRoot({ app: 'notifications-worker', ...logging }),
        WorkerCoreModule.forRoot(settings),
        MessagingModule.forRootAsync({
          inject: [WORKER_DATABASE],
          useFactory: (database: MongoConnection) => ({
            urls: settings.amqpUrl,
            topology: EXAMPLE_TOPOLOGY,
            consumers: Object.values(NOTIFICATION_QUEUES),
            inbox: new MongoInbox(database.db),
            validator: exampleEventRegistry(),
            connectionName: `notifications-worker-${settings.notifications.workerId}`,
            // As the notifications domain's least-privilege user (AMQP_DECLARE_TOPOLOGY=off): it may not
            // bind its queues to the other domains' exchanges, so the topology is applied beforehand.
            declareTopology: settings.amqpAccess.declareTopology,
          }),
        }),
      ],
      providers: [PushNotificationsHandler, SmsNotificationsHandler, OrderContactsHandler],
    };
  }
}

import { Global, Module, type DynamicModule } from '@nestjs/common';
import { mongoConnectionProviders, type MongoConnection } from '@switchyard/mongodb';
import {
  FcmPushProvider,
  MongoOrderContacts,
  MongoSendClaims,
  MongoSentNotifications,
  MongoUnregisteredTokens,
  NotificationDelivery,
  TokenBucket,
  TwilioSmsProvider,
} from '@switchyard/notifications';
import { WORKER_DATABASE, WORKER_SETTINGS } from '../worker.constants';
import type { NotificationsWorkerSettings } from './worker-settings';

/**
 * The worker's shared pieces, global so `MessagingModule.forRootAsync` can inject them: the settings, one
 * MongoDB client (closed last, after the consumers stopped), and the {@link NotificationDelivery} with its
 * providers, rate limits and stores.
 */
@Global()
@Module({})
export class WorkerCoreModule {
  static forRoot(settings: NotificationsWorkerSettings): DynamicModule {
    return {
      module: WorkerCoreModule,
      providers: [
        { provide: WORKER_SETTINGS, useValue: settings },
        ...mongoConnectionProviders<NotificationsWorkerSettings>({
          provide: WORKER_DATABASE,
          settings: WORKER_SETTINGS,
          source: (s) => ({ mongoUrl: s.mongoUrl, database: s.notifications.database }),
        }),
        {
          provide: NotificationDelivery,
          inject: [WORKER_DATABASE],
          useFactory: async (database: MongoConnection): Promise<NotificationDelivery> => {
            const n = settings.notifications;
            const sent = new MongoSentNotifications(database.db);
            const claims = new MongoSendClaims(database.db);
            await Promise.all([sent.ensureIndexes(), claims.ensureIndexes()]);
            return new NotificationDelivery({
              push: new FcmPushProvider({ ...n.fcm, timeoutMs: n.providerTimeoutMs }),
              sms: new TwilioSmsProvider({ ...n.twilio, timeoutMs: n.providerTimeoutMs }),
              pushLimit: new TokenBucket({ ratePerSecond: n.pushRatePerSecond }),
              smsLimit: new TokenBucket({ ratePerSecond: n.smsRatePerSecond }),
              sent,
              claims,
              unregistered: new MongoUnregisteredTokens(database.db),
              contacts: new MongoOrderContacts(database.db),
              workerId: n.workerId,
              claimTtlMs: n.claimTtlMs,
            });
          },
        },
      ],
      exports: [WORKER_SETTINGS, WORKER_DATABASE, NotificationDelivery],
    };
  }
}

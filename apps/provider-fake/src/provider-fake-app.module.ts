import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { connectMongo, type MongoConnection } from '@switchyard/mongodb';
import { startProviderFake, type ProviderFake } from '@switchyard/notifications';
import { ObservabilityModule, type ObservabilityModuleOptions } from '@switchyard/observability/setup';
import { RUNNING_PROVIDER_FAKE } from './provider-fake-app.constants';
import type { ProviderFakeSettings } from './provider-fake-settings';

/** The fake, listening, and the database it records in. */
export interface RunningProviderFake {
  readonly fake: ProviderFake;
  readonly database: MongoConnection;
}

/**
 * The provider fake as an app: the FCM and Twilio stand-in (`startProviderFake` of
 * `@switchyard/notifications`, its own HTTP server) listening once the module is up, structured logs
 * (ObservabilityModule), and on shutdown the server closed before its database.
 */
@Module({})
export class ProviderFakeAppModule implements OnApplicationShutdown {
  constructor(@Inject(RUNNING_PROVIDER_FAKE) private readonly running: RunningProviderFake) {}

  /** `logging`: level, format and destination (tests quieten or capture the lines). @default LOG_LEVEL, LOG_FORMAT, stdout */
  static forRoot(
    settings: ProviderFakeSettings,
    logging: Omit<ObservabilityModuleOptions, 'app'> = {},
  ): DynamicModule {
    return {
      module: ProviderFakeAppModule,
      imports: [ObservabilityModule.forRoot({ app: 'provider-fake', ...logging })],
      providers: [
        {
          provide: RUNNING_PROVIDER_FAKE,
          useFactory: async (): Promise<RunningProviderFake> => {
            const database = await connectMongo({ mongoUrl: settings.mongoUrl, database: settings.database });
            try {
              const fake = await startProviderFake({
                db: database.db,
                fcmAccessToken: settings.fcmAccessToken,
                twilioAccountSid: settings.twilioAccountSid,
                twilioAuthToken: settings.twilioAuthToken,
                host: settings.host,
                port: settings.port,
              });
              return { fake, database };
            } catch (err) {
              await database.close();
              throw err;
            }
          },
        },
      ],
      exports: [RUNNING_PROVIDER_FAKE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running.fake.close();
    await this.running.database.close();
  }
}

import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { amqpAccessVariables, resolveAmqpAccess } from '@switchyard/config';
import { EXAMPLE_PUBLISHING_DOMAINS, exampleEventRegistry } from '@switchyard/examples';
import { connectMongo, type MongoConnection } from '@switchyard/mongodb';
import { PAYMENTS_DATABASE, PAYMENTS_EVENT_REGISTRY, PAYMENTS_SETTINGS } from '../payments-service.constants';
import {
  resolvePaymentsSettings,
  type PaymentsEnvironment,
  type PaymentsServiceOptions,
  type PaymentsSettings,
} from './payments-settings';

/**
 * The service's shared infrastructure, global so the libs' `forRootAsync` factories can inject it: the
 * resolved settings, one MongoDB client (closed last, after the consumers and the relay have stopped)
 * and the event contracts.
 */
@Global()
@Module({})
export class PaymentsCoreModule implements OnApplicationShutdown {
  constructor(@Inject(PAYMENTS_DATABASE) private readonly database: MongoConnection) {}

  static forRoot(options: PaymentsServiceOptions): DynamicModule {
    return {
      module: PaymentsCoreModule,
      providers: [
        {
          provide: PAYMENTS_SETTINGS,
          inject: [ConfigService],
          useFactory: (config: ConfigService<PaymentsEnvironment, true>): PaymentsSettings =>
            resolvePaymentsSettings(
              {
                AMQP_URL: config.get('AMQP_URL', { infer: true }),
                MONGO_URL: config.get('MONGO_URL', { infer: true }),
                MONGO_DATABASE: config.get('MONGO_DATABASE', { infer: true }),
                PAYMENTS_RELAY: config.get('PAYMENTS_RELAY', { infer: true }),
              },
              options,
              resolveAmqpAccess(
                Object.fromEntries(
                  // These names depend on the domains, so they are read untyped.
                  amqpAccessVariables(EXAMPLE_PUBLISHING_DOMAINS).map((v) => [
                    v,
                    (config as unknown as ConfigService).get<string>(v),
                  ]),
                ),
                EXAMPLE_PUBLISHING_DOMAINS,
              ),
            ),
        },
        {
          provide: PAYMENTS_DATABASE,
          inject: [PAYMENTS_SETTINGS],
          useFactory: (settings: PaymentsSettings): Promise<MongoConnection> =>
            connectMongo({ mongoUrl: settings.mongoUrl, database: settings.database }),
        },
        { provide: PAYMENTS_EVENT_REGISTRY, useFactory: exampleEventRegistry },
      ],
      exports: [PAYMENTS_SETTINGS, PAYMENTS_DATABASE, PAYMENTS_EVENT_REGISTRY],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

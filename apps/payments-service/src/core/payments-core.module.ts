import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { readAmqpAccess } from '@switchyard/config';
import { EXAMPLE_PUBLISHING_DOMAINS, exampleEventRegistry } from '@switchyard/examples';
import { mongoConnectionProviders } from '@switchyard/mongodb';
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
export class PaymentsCoreModule {
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
              readAmqpAccess(config, EXAMPLE_PUBLISHING_DOMAINS),
            ),
        },
        ...mongoConnectionProviders({ provide: PAYMENTS_DATABASE, settings: PAYMENTS_SETTINGS }),
        { provide: PAYMENTS_EVENT_REGISTRY, useFactory: exampleEventRegistry },
      ],
      exports: [PAYMENTS_SETTINGS, PAYMENTS_DATABASE, PAYMENTS_EVENT_REGISTRY],
    };
  }
}

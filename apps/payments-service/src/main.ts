import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { assertServicesReachable, runMain, validateSwitchyardConfig } from '@switchyard/config';
import { PAYMENTS_ORDERS_QUEUE } from '@switchyard/examples';
import { resolvePaymentsSettings } from './core/payments-settings';
import { PaymentsServiceModule } from './payments-service.module';
import { READY_LINE } from './payments-service.constants';

runMain(async () => {
  const config = validateSwitchyardConfig(process.env);
  resolvePaymentsSettings(config); // a bad MONGO_DATABASE or PAYMENTS_RELAY fails here, in one line
  await assertServicesReachable(config);
  const app = await NestFactory.createApplicationContext(PaymentsServiceModule.forRoot(), {
    logger: ['log', 'error', 'warn'],
  });
  // SIGTERM/SIGINT: consumers stop, in-flight reactions finish (or are requeued), the relay releases its
  // lease, then the connections close.
  app.enableShutdownHooks();
  process.stdout.write(`switchyard payments-service consuming ${PAYMENTS_ORDERS_QUEUE}: ${READY_LINE}\n`);
});

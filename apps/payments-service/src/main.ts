import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { resolveAmqpAccess, runMain, validateSwitchyardConfig } from '@switchyard/config';
import { EXAMPLE_PUBLISHING_DOMAINS, PAYMENTS_ORDERS_QUEUE } from '@switchyard/examples';
import { bootstrapApp } from '@switchyard/observability/setup';
import { resolvePaymentsSettings } from './core/payments-settings';
import { PaymentsServiceModule } from './payments-service.module';
import { READY_LINE } from './payments-service.constants';

runMain(async () => {
  const config = validateSwitchyardConfig(process.env);
  resolvePaymentsSettings(config); // a bad MONGO_DATABASE or PAYMENTS_RELAY fails here, in one line
  resolveAmqpAccess(process.env, EXAMPLE_PUBLISHING_DOMAINS); // so does a bad AMQP_DECLARE_TOPOLOGY or AMQP_PUBLISH_URL_*
  const app = await bootstrapApp({
    serviceName: 'switchyard-payments-service',
    services: config,
    create: () => NestFactory.createApplicationContext(PaymentsServiceModule.forRoot(), { bufferLogs: true }),
  });
  // SIGTERM/SIGINT: consumers stop, in-flight reactions finish (or are requeued), the relay releases its
  // lease, then the connections close.
  app.enableShutdownHooks();
  // The ready line the demo and the tests wait for (a JSON line's `msg`, or a pretty line on a terminal).
  new Logger('PaymentsService').log(
    `switchyard payments-service consuming ${PAYMENTS_ORDERS_QUEUE}: ${READY_LINE}`,
  );
});

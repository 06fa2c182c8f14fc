import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { runMain } from '@switchyard/config';
import { describeNotificationsSettings } from '@switchyard/notifications';
import { bootstrapApp } from '@switchyard/observability/setup';
import { resolveWorkerSettings } from './core/worker-settings';
import { NotificationsWorkerModule } from './notifications-worker.module';

// node -r ./scripts/register.js apps/notifications-worker/src/main.ts
runMain(async () => {
  const settings = resolveWorkerSettings(process.env);
  const app = await bootstrapApp({
    serviceName: 'switchyard-notifications-worker',
    services: { AMQP_URL: settings.amqpUrl, MONGO_URL: settings.mongoUrl },
    create: () =>
      NestFactory.createApplicationContext(NotificationsWorkerModule.forRoot(settings), { bufferLogs: true }),
  });
  app.enableShutdownHooks();
  await app.init();
  const id = settings.notifications.workerId;
  const logger = new Logger('NotificationsWorker');
  process.once('SIGTERM', () => logger.log(`notifications-worker ${id} stopping`));
  logger.log(`notifications-worker ${id}: ${describeNotificationsSettings(settings.notifications)}`);
  // The ready line the demo and the tests wait for (a JSON line's `msg`, or a pretty line on a terminal).
  logger.log(`notifications-worker ${id} ready`);
});

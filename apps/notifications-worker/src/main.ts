import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { assertServicesReachable, runMain } from '@switchyard/config';
import { describeNotificationsSettings } from '@switchyard/notifications';
import { resolveWorkerSettings } from './core/worker-settings';
import { NotificationsWorkerModule } from './notifications-worker.module';

// node -r ./scripts/register.js apps/notifications-worker/src/main.ts
runMain(async () => {
  const settings = resolveWorkerSettings(process.env);
  await assertServicesReachable({ AMQP_URL: settings.amqpUrl, MONGO_URL: settings.mongoUrl });
  const app = await NestFactory.createApplicationContext(NotificationsWorkerModule.forRoot(settings), {
    logger: ['log', 'warn', 'error'],
  });
  app.enableShutdownHooks();
  await app.init();
  const id = settings.notifications.workerId;
  process.once('SIGTERM', () => process.stdout.write(`notifications-worker ${id} stopping\n`));
  process.stdout.write(
    `notifications-worker ${id}: ${describeNotificationsSettings(settings.notifications)}\n` +
      `notifications-worker ${id} ready\n`,
  );
});

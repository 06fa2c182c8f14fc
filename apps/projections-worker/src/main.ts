import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { assertServicesReachable, runMain, validateSwitchyardConfig } from '@switchyard/config';
import { ProjectionsWorkerModule } from './projections-worker.module';
import { READY_LINE } from './worker.constants';

runMain(async () => {
  await assertServicesReachable(validateSwitchyardConfig(process.env));
  const app = await NestFactory.createApplicationContext(ProjectionsWorkerModule.forRoot(), {
    logger: ['log', 'warn', 'error'],
  });
  // SIGTERM/SIGINT: stop consuming, stop the runners and release their leases (another process takes
  // them at once), then close the connections.
  app.enableShutdownHooks();
  await app.init();
  process.stdout.write(`${READY_LINE}\n`);
});

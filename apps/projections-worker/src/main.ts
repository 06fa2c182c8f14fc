import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { runMain, validateSwitchyardConfig } from '@switchyard/config';
import { bootstrapApp } from '@switchyard/observability/setup';
import { ProjectionsWorkerModule } from './projections-worker.module';
import { READY_LINE } from './worker.constants';

runMain(async () => {
  const app = await bootstrapApp({
    serviceName: 'switchyard-projections-worker',
    services: validateSwitchyardConfig(process.env),
    create: () =>
      NestFactory.createApplicationContext(ProjectionsWorkerModule.forRoot(), { bufferLogs: true }),
  });
  // SIGTERM/SIGINT: stop consuming, stop the runners and release their leases (another process takes
  // them at once), then close the connections.
  app.enableShutdownHooks();
  await app.init();
  // The ready line the demo and the tests wait for (a JSON line's `msg`, or a pretty line on a terminal).
  new Logger('ProjectionsWorker').log(READY_LINE);
});

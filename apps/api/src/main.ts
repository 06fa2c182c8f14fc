import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { assertServicesReachable, runMain, validateSwitchyardConfig } from '@switchyard/config';
import { setupTracing, useStructuredLogger } from '@switchyard/observability/setup';
import { ApiModule } from './api.module';
import { parsePort } from './core/api-settings';

runMain(async () => {
  const config = validateSwitchyardConfig(process.env);
  // Before anything starts a span; exports nowhere unless OTEL_TRACES_EXPORTER (or the app) says where.
  setupTracing({ serviceName: 'switchyard-api' });
  await assertServicesReachable(config);
  const port = parsePort(process.env.PORT);
  const app = await NestFactory.create(ApiModule.forRoot(), { bufferLogs: true });
  useStructuredLogger(app);
  app.enableShutdownHooks();
  await app.listen(port, '127.0.0.1');
  // The ready line tests and scripts wait for (a JSON line's `msg`, or a pretty line, on a terminal).
  new Logger('Api').log(`switchyard api listening on ${await app.getUrl()}`);
});

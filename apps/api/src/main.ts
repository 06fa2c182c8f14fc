import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { resolveAmqpAccess, runMain, validateSwitchyardConfig } from '@switchyard/config';
import { EXAMPLE_PUBLISHING_DOMAINS } from '@switchyard/examples';
import { bootstrapApp } from '@switchyard/observability/setup';
import { ApiModule } from './api.module';
import { configureApi } from './configure-api';
import { parsePort } from './core/api-settings';

runMain(async () => {
  const config = validateSwitchyardConfig(process.env);
  resolveAmqpAccess(process.env, EXAMPLE_PUBLISHING_DOMAINS); // a bad AMQP_DECLARE_TOPOLOGY or AMQP_PUBLISH_URL_* fails here, in one line
  const port = parsePort(process.env.PORT);
  const app = await bootstrapApp({
    serviceName: 'switchyard-api',
    services: config,
    create: async () => configureApi(await NestFactory.create(ApiModule.forRoot(), { bufferLogs: true })),
  });
  await app.listen(port, '127.0.0.1');
  // The ready line tests and scripts wait for (a JSON line's `msg`, or a pretty line, on a terminal).
  new Logger('Api').log(`switchyard api listening on ${await app.getUrl()}`);
});

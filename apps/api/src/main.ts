import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import {
  assertServicesReachable,
  resolveAmqpAccess,
  runMain,
  validateSwitchyardConfig,
} from '@switchyard/config';
import { EXAMPLE_PUBLISHING_DOMAINS } from '@switchyard/examples';
import { ApiModule } from './api.module';
import { configureApi } from './configure-api';
import { parsePort } from './core/api-settings';

runMain(async () => {
  await assertServicesReachable(validateSwitchyardConfig(process.env));
  resolveAmqpAccess(process.env, EXAMPLE_PUBLISHING_DOMAINS); // a bad AMQP_DECLARE_TOPOLOGY or AMQP_PUBLISH_URL_* fails here, in one line
  const port = parsePort(process.env.PORT);
  const app = configureApi(await NestFactory.create(ApiModule.forRoot()));
  await app.listen(port, '127.0.0.1');
  process.stdout.write(`switchyard api listening on ${await app.getUrl()}\n`);
});

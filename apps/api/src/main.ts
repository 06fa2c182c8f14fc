import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { assertServicesReachable, runMain, validateSwitchyardConfig } from '@switchyard/config';
import { ApiModule } from './api.module';
import { parsePort } from './core/api-settings';

runMain(async () => {
  await assertServicesReachable(validateSwitchyardConfig(process.env));
  const port = parsePort(process.env.PORT);
  const app = await NestFactory.create(ApiModule.forRoot());
  app.enableShutdownHooks();
  await app.listen(port, '127.0.0.1');
  process.stdout.write(`switchyard api listening on ${await app.getUrl()}\n`);
});

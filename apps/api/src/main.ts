import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { assertServicesReachable, runMain, validateSwitchyardConfig } from '@switchyard/config';
import { ApiModule } from './api.module';

runMain(async () => {
  await assertServicesReachable(validateSwitchyardConfig(process.env));
  const app = await NestFactory.create(ApiModule);
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
});
